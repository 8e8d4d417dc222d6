// ELK runs in a web worker (its own file in the build), so a large layout never freezes
// the page while it is computed.

import ELK from "elkjs/lib/elk-api.js";
import workerUrl from "elkjs/lib/elk-worker.min.js?url";
import type { Layouter } from "../model/layout";

export async function makeLayouter(): Promise<Layouter> {
  return new ELK({ workerUrl });
}
