import { errorResponses, okResponse } from './shared.js';

const tagParams = {
  type: 'object',
  properties: { Tag: { type: 'string', minLength: 1, description: 'The URL-encoded tag name' } },
  required: ['Tag'],
} as const;

export const getTagsSchema = {
  tags: ['tags'],
  summary: 'Get all tags',
  response: {
    200: { description: 'Tag names, sorted', type: 'array', items: { type: 'string' } },
    ...errorResponses(400),
  },
};

export const setTagsSchema = {
  tags: ['tags'],
  summary: 'Set message tags',
  description: 'Replaces the tags of the given messages; empty or missing Tags clears them.',
  body: {
    type: 'object',
    properties: {
      IDs: { type: 'array', items: { type: 'string' } },
      Tags: { type: 'array', items: { type: 'string' } },
    },
  },
  response: { 200: okResponse, ...errorResponses(400) },
};

export const renameTagSchema = {
  tags: ['tags'],
  summary: 'Rename a tag',
  params: tagParams,
  body: { type: 'object', required: ['Name'], properties: { Name: { type: 'string' } } },
  response: { 200: okResponse, ...errorResponses(400) },
};

export const deleteTagSchema = {
  tags: ['tags'],
  summary: 'Delete a tag',
  description: 'Removes the tag from every message; the messages stay.',
  params: tagParams,
  response: { 200: okResponse, ...errorResponses(400) },
};

/** Params of the /tags/{Tag} routes. */
export interface TagParams {
  Tag: string;
}

/** Body of PUT /tags. */
export interface SetTagsBody {
  IDs?: string[];
  Tags?: string[];
}

/** Body of PUT /tags/{Tag}. */
export interface RenameTagBody {
  Name: string;
}
