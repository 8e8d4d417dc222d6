// A small GraphQL client: POST /graphql with the bearer token, typed answers, and the
// errors a person can act on (sign in again, the server's message).

export class SignInRequired extends Error {
  constructor(message = "Sign in with an API token.") {
    super(message);
    this.name = "SignInRequired";
  }
}

export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "GraphQLRequestError";
  }
}

export interface Transport {
  (url: string, init: RequestInit): Promise<Response>;
}

export class GraphQLClient {
  /** The last bookmarks a write returned, sent back so reads see our own writes. */
  private bookmarks: string[] = [];

  constructor(
    private readonly token: string,
    private readonly endpoint = "/graphql",
    private readonly transport: Transport = (url, init) => fetch(url, init),
  ) {}

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: "application/json",
      authorization: `Bearer ${this.token}`,
    };
    if (this.bookmarks.length > 0) headers["x-lineage-bookmarks"] = this.bookmarks.join(",");
    let response: Response;
    try {
      response = await this.transport(this.endpoint, {
        method: "POST",
        headers,
        body: JSON.stringify({ query, variables }),
      });
    } catch (error) {
      throw new GraphQLRequestError(`The service did not answer: ${String(error)}`, 0);
    }
    if (response.status === 401) throw new SignInRequired(await refusedSignIn(response));
    let body: {
      data?: T | null;
      errors?: { message: string }[];
      extensions?: { bookmarks?: string[] };
    };
    try {
      body = await response.json();
    } catch {
      throw new GraphQLRequestError(`HTTP ${response.status} without a JSON answer`, response.status);
    }
    if (body.extensions?.bookmarks?.length) this.bookmarks = body.extensions.bookmarks;
    if (body.errors?.length) {
      const text = body.errors.map((e) => e.message).join("; ");
      throw new GraphQLRequestError(text, response.status);
    }
    if (!response.ok || body.data == null) {
      throw new GraphQLRequestError(`HTTP ${response.status}`, response.status);
    }
    return body.data;
  }
}

/** Why a token was refused: the service's own words when the token has expired (they say
 * when), else that it was not accepted (unknown and revoked tokens answer alike). */
async function refusedSignIn(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { errors?: { message?: string }[] };
    const message = body.errors?.[0]?.message ?? "";
    if (message.includes("expired")) return message;
  } catch {
    // not JSON: the general answer below
  }
  return "That token was not accepted.";
}
