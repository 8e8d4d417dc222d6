/** @jsxImportSource react */
// GraphiQL for the lineage API, served at GET /graphql from the explorer's build: every
// script and style is bundled here, so the page works without internet.
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import "graphiql/graphiql.css";
import { createRoot } from "react-dom/client";
import { readToken } from "../api/token";
import { exampleTabs } from "./examples";

// The token the explorer's sign-in keeps, if any: the Headers tab starts with it.
function headers(): string {
  const token = readToken() ?? "<token from `lineage token create USER_ID`>";
  return JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2);
}

const fetcher = createGraphiQLFetcher({ url: "/graphql" });
const root = document.getElementById("graphiql");
if (root) {
  createRoot(root).render(
    <GraphiQL fetcher={fetcher} defaultTabs={exampleTabs(headers())} defaultHeaders={headers()} />,
  );
}
