// Where the explorer keeps the signed-in token (GraphiQL starts its headers with it).
export const TOKEN_KEY = "lineage.token";

export function readToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null; // storage blocked (private mode, policy): sign in for this page only
  }
}
