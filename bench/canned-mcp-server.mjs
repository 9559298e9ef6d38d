// A do-nothing MCP server for the serve bench's floor: it answers `initialize` and every other
// request with a fixed result (read from the JSON file named by its second argument), over
// Streamable HTTP on node:http (`http`: prints its port) or newline-delimited stdio (`stdio`).
// What the SDK client and the transport cost with no server work behind them.
import fs from "node:fs";
import http from "node:http";

const [mode, resultFile] = process.argv.slice(2);
const result = JSON.parse(fs.readFileSync(resultFile, "utf8"));

function answer(message) {
  if (message.method !== "initialize") return result;
  return {
    protocolVersion: message.params.protocolVersion,
    capabilities: { tools: {} },
    serverInfo: { name: "canned", version: "1.0.0" },
  };
}

function reply(message) {
  return JSON.stringify({ jsonrpc: "2.0", id: message.id, result: answer(message) });
}

if (mode === "stdio") {
  let buffered = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => {
    buffered += chunk;
    for (let end = buffered.indexOf("\n"); end >= 0; end = buffered.indexOf("\n")) {
      const message = JSON.parse(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      if (message.id !== undefined) process.stdout.write(`${reply(message)}\n`);
    }
  });
} else if (mode === "http") {
  const server = http.createServer((request, response) => {
    if (request.method !== "POST") {
      // No standalone event stream and nothing to delete: the client carries on without them.
      response.writeHead(405).end();
      return;
    }
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      const message = JSON.parse(body);
      if (message.id === undefined) {
        response.writeHead(202).end();
        return;
      }
      const text = reply(message);
      response.writeHead(200, {
        "Content-Type": "application/json",
        "Content-Length": Buffer.byteLength(text),
        "Mcp-Session-Id": "canned",
      });
      response.end(text);
    });
  });
  server.listen(0, "127.0.0.1", () => process.stdout.write(`${server.address().port}\n`));
  process.on("SIGTERM", () => process.exit(0));
} else {
  process.stderr.write(`usage: canned-mcp-server.mjs http|stdio RESULT.json (got '${mode}')\n`);
  process.exit(2);
}
