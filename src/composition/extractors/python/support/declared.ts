/**
 * The component a declared requirement string stands for, in a manifest that is read as text
 * (setup.py, setup.cfg): the version only when the specifier pins one.
 */
import type { Component, Scope, SourceLocation } from '../../../component.js';
import { purlFor } from '../../../purl.js';
import { type Requirement, versionFromSpecifier } from './pep508.js';

export function declaredRequirement(
  parsed: Requirement,
  scope: Scope,
  location: SourceLocation,
  groups?: string[],
): Component {
  const v = versionFromSpecifier(parsed.specifier);
  const constraint = [parsed.specifier, parsed.marker ? `; ${parsed.marker}` : ''].join('').trim();
  return {
    ecosystem: 'pypi',
    name: parsed.name,
    version: v.version,
    pinned: v.pinned,
    purl: purlFor('pypi', parsed.name, v.pinned ? v.version : undefined),
    scope,
    ...(groups && groups.length > 0 ? { groups } : {}),
    direct: true,
    source: 'registry',
    ...(constraint ? { constraint } : {}),
    location,
  };
}
