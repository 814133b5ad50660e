// The core's allow-list: a file under server/src/core may import only other files of the core
// (relative paths that stay inside it, JSON data included) — no package, no Node built-in, no
// adapter — and may not reach the host through globals (process, require, Buffer, globalThis.process…).
import * as path from 'node:path';

const CORE = path.join('server', 'src', 'core');
/** Packages the core may use: pure computation on strings, no host access. Keep this list short. */
const PURE_PACKAGES = new Set(['jsonc-parser']);
const HOST_GLOBALS = new Set(['process', 'require', 'module', 'exports', 'Buffer', '__dirname', '__filename', 'global']);

function coreRoot(filename) {
  const i = filename.lastIndexOf(CORE);
  return i < 0 ? undefined : filename.slice(0, i + CORE.length);
}

export default {
  rules: {
    'core-imports': {
      meta: { type: 'problem', schema: [], messages: { outside: 'The core is pure: it may import only its own modules and data, not "{{name}}". Pass the outside world in through core/host.ts or a view.' } },
      create(context) {
        const root = coreRoot(context.filename);
        if (!root) return {};
        const check = (node, source) => {
          if (!source || typeof source.value !== 'string') return;
          const name = source.value;
          if (PURE_PACKAGES.has(name)) return;
          const inside = name.startsWith('.') && !path.relative(root, path.resolve(path.dirname(context.filename), name)).startsWith('..');
          if (!inside) context.report({ node, messageId: 'outside', data: { name } });
        };
        return {
          ImportDeclaration: (n) => check(n, n.source),
          ExportNamedDeclaration: (n) => check(n, n.source),
          ExportAllDeclaration: (n) => check(n, n.source),
          ImportExpression: (n) => check(n, n.source.type === 'Literal' ? n.source : { value: '<dynamic import>' }),
          TSImportType: (n) => check(n, n.argument?.literal ?? n.argument),
          TSExternalModuleReference: (n) => check(n, n.expression),
        };
      },
    },
    'core-globals': {
      meta: { type: 'problem', schema: [], messages: { host: 'The core is pure: "{{name}}" reaches the host; pass what you need in (settings, a host interface).' } },
      create(context) {
        if (!coreRoot(context.filename)) return {};
        return {
          Program(node) {
            const scope = context.sourceCode.getScope(node);
            for (const ref of scope.through) {
              if (HOST_GLOBALS.has(ref.identifier.name)) context.report({ node: ref.identifier, messageId: 'host', data: { name: ref.identifier.name } });
            }
          },
          MemberExpression(node) {
            const obj = node.object;
            const prop = node.computed ? node.property.value : node.property.name;
            if (obj.type === 'Identifier' && (obj.name === 'globalThis' || obj.name === 'self' || obj.name === 'window') && HOST_GLOBALS.has(prop)) {
              context.report({ node, messageId: 'host', data: { name: `${obj.name}.${prop}` } });
            }
          },
        };
      },
    },
  },
};
