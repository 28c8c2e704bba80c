import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiContext } from '../context.js';
import { sendError } from '../errors.js';

/**
 * The MCP SDK (with zod) and the tools, loaded on the first /mcp request: measured here they
 * add ~15 MB of heap and ~30 MB of resident memory, which a server nobody asks over MCP need
 * not carry.
 */
let sdk: Promise<{
  McpServer: typeof import('@modelcontextprotocol/sdk/server/mcp.js').McpServer;
  StreamableHTTPServerTransport: typeof import('@modelcontextprotocol/sdk/server/streamableHttp.js').StreamableHTTPServerTransport;
  registerMcpTools: typeof import('./mcp-tools.js').registerMcpTools;
}> | null = null;

function loadSdk(): NonNullable<typeof sdk> {
  sdk ??= Promise.all([
    import('@modelcontextprotocol/sdk/server/mcp.js'),
    import('@modelcontextprotocol/sdk/server/streamableHttp.js'),
    import('./mcp-tools.js'),
  ]).then(([mcp, http, tools]) => ({
    McpServer: mcp.McpServer,
    StreamableHTTPServerTransport: http.StreamableHTTPServerTransport,
    registerMcpTools: tools.registerMcpTools,
  }));
  return sdk;
}

/**
 * POST /mcp — the Model Context Protocol over streamable HTTP, stateless: each request gets its
 * own server and transport, so nothing is kept between calls and any devmail process behind a
 * load balancer can answer. Basic auth applies as on every API route. A browser page from
 * another origin is refused (the Origin header must name this host), which also stops DNS
 * rebinding from reaching the tools.
 */
export async function handleMcp(ctx: ApiContext, request: FastifyRequest, reply: FastifyReply) {
  if (!isSameOrigin(request)) return sendError(reply, 403, 'cross-origin MCP requests are refused');
  const { McpServer, StreamableHTTPServerTransport, registerMcpTools } = await loadSdk();
  const server = new McpServer({ name: 'devmail', version: ctx.version }, { capabilities: { tools: {} } });
  registerMcpTools(server, ctx);
  // JSON answers rather than an SSE stream: every tool returns one result.
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  reply.hijack(); // the transport writes the response itself
  reply.raw.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(request.raw, reply.raw, request.body);
}

/** GET and DELETE /mcp — the stateless server keeps no stream or session to open or end. */
export async function mcpMethodNotAllowed(_ctx: ApiContext, _request: FastifyRequest, reply: FastifyReply) {
  return reply
    .code(405)
    .header('allow', 'POST')
    .send({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: this MCP server is stateless, use POST' }, id: null });
}

function isSameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true; // not a browser page
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
