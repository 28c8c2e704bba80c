/** POST /mcp: a JSON-RPC message (or batch) of the Model Context Protocol. */
export const mcpSchema = {
  tags: ['mcp'],
  summary: 'Model Context Protocol (streamable HTTP)',
  description:
    'Tools: list_messages, search_messages, get_message, wait_for_message, delete_messages, get_links, get_codes. Stateless; answers JSON.',
  body: { anyOf: [{ type: 'object' }, { type: 'array' }] },
};

/** GET and DELETE /mcp: not used by a stateless server. */
export const mcpOtherSchema = {
  tags: ['mcp'],
  summary: 'Not used (stateless server): 405',
};
