#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm run build`, run by `prepare` on `npm ci`).
import { main } from "../dist/cli/main.js";

process.exitCode = await main(process.argv.slice(2));
// A command that has returned has nothing left worth waiting for. Work a run abandoned at its
// --timeout (a request a credential provider never finishes, say) must not keep the process alive:
// the exit waits for nothing when the event loop is already empty (unref), and at most 2 s otherwise.
setTimeout(() => process.exit(), 2_000).unref();
