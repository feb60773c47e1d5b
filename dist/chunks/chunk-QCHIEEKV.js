import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  require_yauzl
} from "./chunk-2K3E4IZL.js";
import {
  formatBytes,
  functionsSettings,
  pickleSettings
} from "./chunk-JQKPXPDF.js";
import {
  messageOf
} from "./chunk-XY6EIFX3.js";
import {
  __commonJS,
  __toESM
} from "./chunk-2JER24KG.js";

// node_modules/picomatch/lib/constants.js
var require_constants = __commonJS({
  "node_modules/picomatch/lib/constants.js"(exports, module) {
    "use strict";
    var WIN_SLASH = "\\\\/";
    var WIN_NO_SLASH = `[^${WIN_SLASH}]`;
    var DEFAULT_MAX_EXTGLOB_RECURSION = 0;
    var DOT_LITERAL = "\\.";
    var PLUS_LITERAL = "\\+";
    var QMARK_LITERAL = "\\?";
    var SLASH_LITERAL = "\\/";
    var ONE_CHAR = "(?=.)";
    var QMARK = "[^/]";
    var END_ANCHOR = `(?:${SLASH_LITERAL}|$)`;
    var START_ANCHOR = `(?:^|${SLASH_LITERAL})`;
    var DOTS_SLASH = `${DOT_LITERAL}{1,2}${END_ANCHOR}`;
    var NO_DOT = `(?!${DOT_LITERAL})`;
    var NO_DOTS = `(?!${START_ANCHOR}${DOTS_SLASH})`;
    var NO_DOT_SLASH = `(?!${DOT_LITERAL}{0,1}${END_ANCHOR})`;
    var NO_DOTS_SLASH = `(?!${DOTS_SLASH})`;
    var QMARK_NO_DOT = `[^.${SLASH_LITERAL}]`;
    var STAR = `${QMARK}*?`;
    var SEP = "/";
    var POSIX_CHARS = {
      DOT_LITERAL,
      PLUS_LITERAL,
      QMARK_LITERAL,
      SLASH_LITERAL,
      ONE_CHAR,
      QMARK,
      END_ANCHOR,
      DOTS_SLASH,
      NO_DOT,
      NO_DOTS,
      NO_DOT_SLASH,
      NO_DOTS_SLASH,
      QMARK_NO_DOT,
      STAR,
      START_ANCHOR,
      SEP
    };
    var WINDOWS_CHARS = {
      ...POSIX_CHARS,
      SLASH_LITERAL: `[${WIN_SLASH}]`,
      QMARK: WIN_NO_SLASH,
      STAR: `${WIN_NO_SLASH}*?`,
      DOTS_SLASH: `${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$)`,
      NO_DOT: `(?!${DOT_LITERAL})`,
      NO_DOTS: `(?!(?:^|[${WIN_SLASH}])${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
      NO_DOT_SLASH: `(?!${DOT_LITERAL}{0,1}(?:[${WIN_SLASH}]|$))`,
      NO_DOTS_SLASH: `(?!${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
      QMARK_NO_DOT: `[^.${WIN_SLASH}]`,
      START_ANCHOR: `(?:^|[${WIN_SLASH}])`,
      END_ANCHOR: `(?:[${WIN_SLASH}]|$)`,
      SEP: "\\"
    };
    var POSIX_REGEX_SOURCE = {
      __proto__: null,
      alnum: "a-zA-Z0-9",
      alpha: "a-zA-Z",
      ascii: "\\x00-\\x7F",
      blank: " \\t",
      cntrl: "\\x00-\\x1F\\x7F",
      digit: "0-9",
      graph: "\\x21-\\x7E",
      lower: "a-z",
      print: "\\x20-\\x7E ",
      punct: "\\-!\"#$%&'()\\*+,./:;<=>?@[\\]^_`{|}~",
      space: " \\t\\r\\n\\v\\f",
      upper: "A-Z",
      word: "A-Za-z0-9_",
      xdigit: "A-Fa-f0-9"
    };
    module.exports = {
      DEFAULT_MAX_EXTGLOB_RECURSION,
      MAX_LENGTH: 1024 * 64,
      POSIX_REGEX_SOURCE,
      // regular expressions
      REGEX_BACKSLASH: /\\(?![*+?^${}(|)[\]])/g,
      REGEX_NON_SPECIAL_CHARS: /^[^@![\].,$*+?^{}()|\\/]+/,
      REGEX_SPECIAL_CHARS: /[-*+?.^${}(|)[\]]/,
      REGEX_SPECIAL_CHARS_BACKREF: /(\\?)((\W)(\3*))/g,
      REGEX_SPECIAL_CHARS_GLOBAL: /([-*+?.^${}(|)[\]])/g,
      REGEX_REMOVE_BACKSLASH: /(?:\[.*?[^\\]\]|\\(?=.))/g,
      // Replace globs with equivalent patterns to reduce parsing time.
      REPLACEMENTS: {
        __proto__: null,
        "***": "*",
        "**/**": "**",
        "**/**/**": "**"
      },
      // Digits
      CHAR_0: 48,
      /* 0 */
      CHAR_9: 57,
      /* 9 */
      // Alphabet chars.
      CHAR_UPPERCASE_A: 65,
      /* A */
      CHAR_LOWERCASE_A: 97,
      /* a */
      CHAR_UPPERCASE_Z: 90,
      /* Z */
      CHAR_LOWERCASE_Z: 122,
      /* z */
      CHAR_LEFT_PARENTHESES: 40,
      /* ( */
      CHAR_RIGHT_PARENTHESES: 41,
      /* ) */
      CHAR_ASTERISK: 42,
      /* * */
      // Non-alphabetic chars.
      CHAR_AMPERSAND: 38,
      /* & */
      CHAR_AT: 64,
      /* @ */
      CHAR_BACKWARD_SLASH: 92,
      /* \ */
      CHAR_CARRIAGE_RETURN: 13,
      /* \r */
      CHAR_CIRCUMFLEX_ACCENT: 94,
      /* ^ */
      CHAR_COLON: 58,
      /* : */
      CHAR_COMMA: 44,
      /* , */
      CHAR_DOT: 46,
      /* . */
      CHAR_DOUBLE_QUOTE: 34,
      /* " */
      CHAR_EQUAL: 61,
      /* = */
      CHAR_EXCLAMATION_MARK: 33,
      /* ! */
      CHAR_FORM_FEED: 12,
      /* \f */
      CHAR_FORWARD_SLASH: 47,
      /* / */
      CHAR_GRAVE_ACCENT: 96,
      /* ` */
      CHAR_HASH: 35,
      /* # */
      CHAR_HYPHEN_MINUS: 45,
      /* - */
      CHAR_LEFT_ANGLE_BRACKET: 60,
      /* < */
      CHAR_LEFT_CURLY_BRACE: 123,
      /* { */
      CHAR_LEFT_SQUARE_BRACKET: 91,
      /* [ */
      CHAR_LINE_FEED: 10,
      /* \n */
      CHAR_NO_BREAK_SPACE: 160,
      /* \u00A0 */
      CHAR_PERCENT: 37,
      /* % */
      CHAR_PLUS: 43,
      /* + */
      CHAR_QUESTION_MARK: 63,
      /* ? */
      CHAR_RIGHT_ANGLE_BRACKET: 62,
      /* > */
      CHAR_RIGHT_CURLY_BRACE: 125,
      /* } */
      CHAR_RIGHT_SQUARE_BRACKET: 93,
      /* ] */
      CHAR_SEMICOLON: 59,
      /* ; */
      CHAR_SINGLE_QUOTE: 39,
      /* ' */
      CHAR_SPACE: 32,
      /*   */
      CHAR_TAB: 9,
      /* \t */
      CHAR_UNDERSCORE: 95,
      /* _ */
      CHAR_VERTICAL_LINE: 124,
      /* | */
      CHAR_ZERO_WIDTH_NOBREAK_SPACE: 65279,
      /* \uFEFF */
      /**
       * Create EXTGLOB_CHARS
       */
      extglobChars(chars) {
        return {
          "!": { type: "negate", open: "(?:(?!(?:", close: `))${chars.STAR})` },
          "?": { type: "qmark", open: "(?:", close: ")?" },
          "+": { type: "plus", open: "(?:", close: ")+" },
          "*": { type: "star", open: "(?:", close: ")*" },
          "@": { type: "at", open: "(?:", close: ")" }
        };
      },
      /**
       * Create GLOB_CHARS
       */
      globChars(win32) {
        return win32 === true ? WINDOWS_CHARS : POSIX_CHARS;
      }
    };
  }
});

// node_modules/picomatch/lib/utils.js
var require_utils = __commonJS({
  "node_modules/picomatch/lib/utils.js"(exports) {
    "use strict";
    var {
      REGEX_BACKSLASH,
      REGEX_REMOVE_BACKSLASH,
      REGEX_SPECIAL_CHARS,
      REGEX_SPECIAL_CHARS_GLOBAL
    } = require_constants();
    exports.isObject = (val) => val !== null && typeof val === "object" && !Array.isArray(val);
    exports.hasRegexChars = (str) => REGEX_SPECIAL_CHARS.test(str);
    exports.isRegexChar = (str) => str.length === 1 && exports.hasRegexChars(str);
    exports.escapeRegex = (str) => str.replace(REGEX_SPECIAL_CHARS_GLOBAL, "\\$1");
    exports.toPosixSlashes = (str) => str.replace(REGEX_BACKSLASH, "/");
    exports.isWindows = () => {
      if (typeof navigator !== "undefined" && navigator.platform) {
        const platform = navigator.platform.toLowerCase();
        return platform === "win32" || platform === "windows";
      }
      if (typeof process !== "undefined" && process.platform) {
        return process.platform === "win32";
      }
      return false;
    };
    exports.removeBackslashes = (str) => {
      return str.replace(REGEX_REMOVE_BACKSLASH, (match) => {
        return match === "\\" ? "" : match;
      });
    };
    exports.escapeLast = (input, char, lastIdx) => {
      const idx = input.lastIndexOf(char, lastIdx);
      if (idx === -1) return input;
      if (input[idx - 1] === "\\") return exports.escapeLast(input, char, idx - 1);
      return `${input.slice(0, idx)}\\${input.slice(idx)}`;
    };
    exports.removePrefix = (input, state = {}) => {
      let output = input;
      if (output.startsWith("./")) {
        output = output.slice(2);
        state.prefix = "./";
      }
      return output;
    };
    exports.wrapOutput = (input, state = {}, options = {}) => {
      const prepend = options.contains ? "" : "^";
      const append = options.contains ? "" : "$";
      let output = `${prepend}(?:${input})${append}`;
      if (state.negated === true) {
        output = `(?:^(?!${output}).*$)`;
      }
      return output;
    };
    exports.basename = (path10, { windows } = {}) => {
      const segs = path10.split(windows ? /[\\/]/ : "/");
      const last = segs[segs.length - 1];
      if (last === "") {
        return segs[segs.length - 2];
      }
      return last;
    };
  }
});

// node_modules/picomatch/lib/scan.js
var require_scan = __commonJS({
  "node_modules/picomatch/lib/scan.js"(exports, module) {
    "use strict";
    var utils = require_utils();
    var {
      CHAR_ASTERISK,
      /* * */
      CHAR_AT,
      /* @ */
      CHAR_BACKWARD_SLASH,
      /* \ */
      CHAR_COMMA,
      /* , */
      CHAR_DOT,
      /* . */
      CHAR_EXCLAMATION_MARK,
      /* ! */
      CHAR_FORWARD_SLASH,
      /* / */
      CHAR_LEFT_CURLY_BRACE,
      /* { */
      CHAR_LEFT_PARENTHESES,
      /* ( */
      CHAR_LEFT_SQUARE_BRACKET,
      /* [ */
      CHAR_PLUS,
      /* + */
      CHAR_QUESTION_MARK,
      /* ? */
      CHAR_RIGHT_CURLY_BRACE,
      /* } */
      CHAR_RIGHT_PARENTHESES,
      /* ) */
      CHAR_RIGHT_SQUARE_BRACKET
      /* ] */
    } = require_constants();
    var isPathSeparator = (code) => {
      return code === CHAR_FORWARD_SLASH || code === CHAR_BACKWARD_SLASH;
    };
    var depth = (token) => {
      if (token.isPrefix !== true) {
        token.depth = token.isGlobstar ? Infinity : 1;
      }
    };
    var scan = (input, options) => {
      const opts = options || {};
      const length = input.length - 1;
      const scanToEnd = opts.parts === true || opts.tokens === true || opts.scanToEnd === true;
      const slashes = [];
      const tokens = [];
      const parts = [];
      let str = input;
      let index = -1;
      let start = 0;
      let lastIndex = 0;
      let isBrace = false;
      let isBracket = false;
      let isGlob = false;
      let isExtglob = false;
      let isGlobstar = false;
      let braceEscaped = false;
      let backslashes = false;
      let negated = false;
      let negatedExtglob = false;
      let finished = false;
      let braces = 0;
      let prev;
      let code;
      let token = { value: "", depth: 0, isGlob: false };
      const eos = () => index >= length;
      const peek = () => str.charCodeAt(index + 1);
      const advance = () => {
        prev = code;
        return str.charCodeAt(++index);
      };
      while (index < length) {
        code = advance();
        let next;
        if (code === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          code = advance();
          if (code === CHAR_LEFT_CURLY_BRACE) {
            braceEscaped = true;
          }
          continue;
        }
        if (braceEscaped === true || code === CHAR_LEFT_CURLY_BRACE) {
          braces++;
          while (eos() !== true && (code = advance())) {
            if (code === CHAR_BACKWARD_SLASH) {
              backslashes = token.backslashes = true;
              advance();
              continue;
            }
            if (code === CHAR_LEFT_CURLY_BRACE) {
              braces++;
              continue;
            }
            if (braceEscaped !== true && code === CHAR_DOT && (code = advance()) === CHAR_DOT) {
              isBrace = token.isBrace = true;
              isGlob = token.isGlob = true;
              finished = true;
              if (scanToEnd === true) {
                continue;
              }
              break;
            }
            if (braceEscaped !== true && code === CHAR_COMMA) {
              isBrace = token.isBrace = true;
              isGlob = token.isGlob = true;
              finished = true;
              if (scanToEnd === true) {
                continue;
              }
              break;
            }
            if (code === CHAR_RIGHT_CURLY_BRACE) {
              braces--;
              if (braces === 0) {
                braceEscaped = false;
                isBrace = token.isBrace = true;
                finished = true;
                break;
              }
            }
          }
          if (scanToEnd === true) {
            continue;
          }
          break;
        }
        if (code === CHAR_FORWARD_SLASH) {
          slashes.push(index);
          tokens.push(token);
          token = { value: "", depth: 0, isGlob: false };
          if (finished === true) continue;
          if (prev === CHAR_DOT && index === start + 1) {
            start += 2;
            continue;
          }
          lastIndex = index + 1;
          continue;
        }
        if (opts.noext !== true) {
          const isExtglobChar = code === CHAR_PLUS || code === CHAR_AT || code === CHAR_ASTERISK || code === CHAR_QUESTION_MARK || code === CHAR_EXCLAMATION_MARK;
          if (isExtglobChar === true && peek() === CHAR_LEFT_PARENTHESES) {
            isGlob = token.isGlob = true;
            isExtglob = token.isExtglob = true;
            finished = true;
            if (code === CHAR_EXCLAMATION_MARK && index === start) {
              negatedExtglob = true;
            }
            if (scanToEnd === true) {
              let parens = 0;
              while (eos() !== true && (code = advance())) {
                if (code === CHAR_BACKWARD_SLASH) {
                  backslashes = token.backslashes = true;
                  advance();
                  continue;
                }
                if (code === CHAR_LEFT_PARENTHESES) {
                  parens++;
                  continue;
                }
                if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
                  finished = true;
                  break;
                }
              }
              continue;
            }
            break;
          }
        }
        if (code === CHAR_ASTERISK) {
          if (prev === CHAR_ASTERISK) isGlobstar = token.isGlobstar = true;
          isGlob = token.isGlob = true;
          finished = true;
          if (scanToEnd === true) {
            continue;
          }
          break;
        }
        if (code === CHAR_QUESTION_MARK) {
          isGlob = token.isGlob = true;
          finished = true;
          if (scanToEnd === true) {
            continue;
          }
          break;
        }
        if (code === CHAR_LEFT_SQUARE_BRACKET) {
          while (eos() !== true && (next = advance())) {
            if (next === CHAR_BACKWARD_SLASH) {
              backslashes = token.backslashes = true;
              advance();
              continue;
            }
            if (next === CHAR_RIGHT_SQUARE_BRACKET) {
              isBracket = token.isBracket = true;
              isGlob = token.isGlob = true;
              finished = true;
              break;
            }
          }
          if (scanToEnd === true) {
            continue;
          }
          break;
        }
        if (opts.nonegate !== true && code === CHAR_EXCLAMATION_MARK && index === start) {
          negated = token.negated = true;
          start++;
          continue;
        }
        if (opts.noparen !== true && code === CHAR_LEFT_PARENTHESES) {
          isGlob = token.isGlob = true;
          if (scanToEnd === true) {
            let parens = 1;
            while (eos() !== true && (code = advance())) {
              if (code === CHAR_BACKWARD_SLASH) {
                backslashes = token.backslashes = true;
                advance();
                continue;
              }
              if (code === CHAR_LEFT_PARENTHESES) {
                parens++;
                continue;
              }
              if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
                finished = true;
                break;
              }
            }
            continue;
          }
          break;
        }
        if (isGlob === true) {
          finished = true;
          if (scanToEnd === true) {
            continue;
          }
          break;
        }
      }
      if (opts.noext === true) {
        isExtglob = false;
        isGlob = false;
      }
      let base = str;
      let prefix = "";
      let glob = "";
      if (start > 0) {
        prefix = str.slice(0, start);
        str = str.slice(start);
        lastIndex -= start;
      }
      if (base && isGlob === true && lastIndex > 0) {
        base = str.slice(0, lastIndex);
        glob = str.slice(lastIndex);
      } else if (isGlob === true) {
        base = "";
        glob = str;
      } else {
        base = str;
      }
      if (base && base !== "" && base !== "/" && base !== str) {
        if (isPathSeparator(base.charCodeAt(base.length - 1))) {
          base = base.slice(0, -1);
        }
      }
      if (opts.unescape === true) {
        if (glob) glob = utils.removeBackslashes(glob);
        if (base && backslashes === true) {
          base = utils.removeBackslashes(base);
        }
      }
      const state = {
        prefix,
        input,
        start,
        base,
        glob,
        isBrace,
        isBracket,
        isGlob,
        isExtglob,
        isGlobstar,
        negated,
        negatedExtglob
      };
      if (opts.tokens === true) {
        state.maxDepth = 0;
        if (!isPathSeparator(code)) {
          tokens.push(token);
        }
        state.tokens = tokens;
      }
      if (opts.parts === true || opts.tokens === true) {
        let prevIndex;
        for (let idx = 0; idx < slashes.length; idx++) {
          const n2 = prevIndex !== void 0 ? prevIndex + 1 : start;
          const i = slashes[idx];
          const value2 = input.slice(n2, i);
          if (opts.tokens) {
            if (idx === 0 && start !== 0) {
              tokens[idx].isPrefix = true;
              tokens[idx].value = prefix;
            } else {
              tokens[idx].value = value2;
            }
            depth(tokens[idx]);
            state.maxDepth += tokens[idx].depth;
          }
          if (i >= start) {
            parts.push(value2);
            prevIndex = i;
          }
        }
        const n = prevIndex !== void 0 ? prevIndex + 1 : start;
        const value = input.slice(n);
        parts.push(value);
        if (opts.tokens && prevIndex && prevIndex + 1 < input.length) {
          tokens[tokens.length - 1].value = value;
          depth(tokens[tokens.length - 1]);
          state.maxDepth += tokens[tokens.length - 1].depth;
        }
        state.slashes = slashes;
        state.parts = parts;
      }
      return state;
    };
    module.exports = scan;
  }
});

// node_modules/picomatch/lib/parse.js
var require_parse = __commonJS({
  "node_modules/picomatch/lib/parse.js"(exports, module) {
    "use strict";
    var constants2 = require_constants();
    var utils = require_utils();
    var {
      MAX_LENGTH,
      POSIX_REGEX_SOURCE,
      REGEX_NON_SPECIAL_CHARS,
      REGEX_SPECIAL_CHARS_BACKREF,
      REPLACEMENTS
    } = constants2;
    var expandRange = (args, options) => {
      if (typeof options.expandRange === "function") {
        return options.expandRange(...args, options);
      }
      args.sort();
      const value = `[${args.join("-")}]`;
      try {
        new RegExp(value);
      } catch (ex) {
        return args.map((v) => utils.escapeRegex(v)).join("..");
      }
      return value;
    };
    var syntaxError = (type, char) => {
      return `Missing ${type}: "${char}" - use "\\\\${char}" to match literal characters`;
    };
    var splitTopLevel = (input) => {
      const parts = [];
      let bracket = 0;
      let paren = 0;
      let quote = 0;
      let value = "";
      let escaped = false;
      for (const ch of input) {
        if (escaped === true) {
          value += ch;
          escaped = false;
          continue;
        }
        if (ch === "\\") {
          value += ch;
          escaped = true;
          continue;
        }
        if (ch === '"') {
          quote = quote === 1 ? 0 : 1;
          value += ch;
          continue;
        }
        if (quote === 0) {
          if (ch === "[") {
            bracket++;
          } else if (ch === "]" && bracket > 0) {
            bracket--;
          } else if (bracket === 0) {
            if (ch === "(") {
              paren++;
            } else if (ch === ")" && paren > 0) {
              paren--;
            } else if (ch === "|" && paren === 0) {
              parts.push(value);
              value = "";
              continue;
            }
          }
        }
        value += ch;
      }
      parts.push(value);
      return parts;
    };
    var isPlainBranch = (branch) => {
      let escaped = false;
      for (const ch of branch) {
        if (escaped === true) {
          escaped = false;
          continue;
        }
        if (ch === "\\") {
          escaped = true;
          continue;
        }
        if (/[?*+@!()[\]{}]/.test(ch)) {
          return false;
        }
      }
      return true;
    };
    var normalizeSimpleBranch = (branch) => {
      let value = branch.trim();
      let changed = true;
      while (changed === true) {
        changed = false;
        if (/^@\([^\\()[\]{}|]+\)$/.test(value)) {
          value = value.slice(2, -1);
          changed = true;
        }
      }
      if (!isPlainBranch(value)) {
        return;
      }
      return value.replace(/\\(.)/g, "$1");
    };
    var hasRepeatedCharPrefixOverlap = (branches) => {
      const values = branches.map(normalizeSimpleBranch).filter(Boolean);
      for (let i = 0; i < values.length; i++) {
        for (let j = i + 1; j < values.length; j++) {
          const a = values[i];
          const b = values[j];
          const char = a[0];
          if (!char || a !== char.repeat(a.length) || b !== char.repeat(b.length)) {
            continue;
          }
          if (a === b || a.startsWith(b) || b.startsWith(a)) {
            return true;
          }
        }
      }
      return false;
    };
    var parseRepeatedExtglob = (pattern, requireEnd = true) => {
      if (pattern[0] !== "+" && pattern[0] !== "*" || pattern[1] !== "(") {
        return;
      }
      let bracket = 0;
      let paren = 0;
      let quote = 0;
      let escaped = false;
      for (let i = 1; i < pattern.length; i++) {
        const ch = pattern[i];
        if (escaped === true) {
          escaped = false;
          continue;
        }
        if (ch === "\\") {
          escaped = true;
          continue;
        }
        if (ch === '"') {
          quote = quote === 1 ? 0 : 1;
          continue;
        }
        if (quote === 1) {
          continue;
        }
        if (ch === "[") {
          bracket++;
          continue;
        }
        if (ch === "]" && bracket > 0) {
          bracket--;
          continue;
        }
        if (bracket > 0) {
          continue;
        }
        if (ch === "(") {
          paren++;
          continue;
        }
        if (ch === ")") {
          paren--;
          if (paren === 0) {
            if (requireEnd === true && i !== pattern.length - 1) {
              return;
            }
            return {
              type: pattern[0],
              body: pattern.slice(2, i),
              end: i
            };
          }
        }
      }
    };
    var buildCharClassStar = (chars) => {
      const source = chars.length === 1 ? utils.escapeRegex(chars[0]) : `[${chars.map((ch) => utils.escapeRegex(ch)).join("")}]`;
      return `${source}*`;
    };
    var getStarExtglobSequenceChars = (pattern) => {
      let index = 0;
      const chars = [];
      while (index < pattern.length) {
        const match = parseRepeatedExtglob(pattern.slice(index), false);
        if (!match || match.type !== "*") {
          return;
        }
        const branches = splitTopLevel(match.body).map((branch2) => branch2.trim());
        if (branches.length !== 1) {
          return;
        }
        const branch = normalizeSimpleBranch(branches[0]);
        if (!branch || branch.length !== 1) {
          return;
        }
        chars.push(branch);
        index += match.end + 1;
      }
      if (chars.length < 1) {
        return;
      }
      return chars;
    };
    var repeatedExtglobRecursion = (pattern) => {
      let depth = 0;
      let value = pattern.trim();
      let match = parseRepeatedExtglob(value);
      while (match) {
        depth++;
        value = match.body.trim();
        match = parseRepeatedExtglob(value);
      }
      return depth;
    };
    var analyzeRepeatedExtglob = (body, options) => {
      if (options.maxExtglobRecursion === false) {
        return { risky: false };
      }
      const max = typeof options.maxExtglobRecursion === "number" ? options.maxExtglobRecursion : constants2.DEFAULT_MAX_EXTGLOB_RECURSION;
      const branches = splitTopLevel(body).map((branch) => branch.trim());
      if (branches.length > 1) {
        if (branches.some((branch) => branch === "") || branches.some((branch) => /^[*?]+$/.test(branch)) || hasRepeatedCharPrefixOverlap(branches)) {
          return { risky: true };
        }
      }
      const safeChars = [];
      let sawStarSequence = false;
      let combinable = true;
      for (const branch of branches) {
        const chars = getStarExtglobSequenceChars(branch);
        if (chars) {
          sawStarSequence = true;
          safeChars.push(...chars);
          continue;
        }
        const literal = normalizeSimpleBranch(branch);
        if (literal && literal.length === 1) {
          safeChars.push(literal);
          continue;
        }
        combinable = false;
        if (repeatedExtglobRecursion(branch) > max) {
          return { risky: true };
        }
      }
      if (sawStarSequence) {
        return combinable ? { risky: true, safeOutput: buildCharClassStar([...new Set(safeChars)]) } : { risky: true };
      }
      return { risky: false };
    };
    var parse = (input, options) => {
      if (typeof input !== "string") {
        throw new TypeError("Expected a string");
      }
      input = REPLACEMENTS[input] || input;
      const opts = { ...options };
      const max = typeof opts.maxLength === "number" ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;
      let len = input.length;
      if (len > max) {
        throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
      }
      const bos = { type: "bos", value: "", output: opts.prepend || "" };
      const tokens = [bos];
      const capture = opts.capture ? "" : "?:";
      const PLATFORM_CHARS = constants2.globChars(opts.windows);
      const EXTGLOB_CHARS = constants2.extglobChars(PLATFORM_CHARS);
      const {
        DOT_LITERAL,
        PLUS_LITERAL,
        SLASH_LITERAL,
        ONE_CHAR,
        DOTS_SLASH,
        NO_DOT,
        NO_DOT_SLASH,
        NO_DOTS_SLASH,
        QMARK,
        QMARK_NO_DOT,
        STAR,
        START_ANCHOR
      } = PLATFORM_CHARS;
      const globstar = (opts2) => {
        return `(${capture}(?:(?!${START_ANCHOR}${opts2.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
      };
      const nodot = opts.dot ? "" : NO_DOT;
      const qmarkNoDot = opts.dot ? QMARK : QMARK_NO_DOT;
      let star = opts.bash === true ? globstar(opts) : STAR;
      if (opts.capture) {
        star = `(${star})`;
      }
      if (typeof opts.noext === "boolean") {
        opts.noextglob = opts.noext;
      }
      const state = {
        input,
        index: -1,
        start: 0,
        dot: opts.dot === true,
        consumed: "",
        output: "",
        prefix: "",
        backtrack: false,
        negated: false,
        brackets: 0,
        braces: 0,
        parens: 0,
        quotes: 0,
        globstar: false,
        tokens
      };
      input = utils.removePrefix(input, state);
      len = input.length;
      const extglobs = [];
      const braces = [];
      const stack = [];
      let prev = bos;
      let value;
      const eos = () => state.index === len - 1;
      const peek = state.peek = (n = 1) => input[state.index + n];
      const advance = state.advance = () => input[++state.index] || "";
      const remaining = () => input.slice(state.index + 1);
      const consume = (value2 = "", num = 0) => {
        state.consumed += value2;
        state.index += num;
      };
      const append = (token) => {
        state.output += token.output != null ? token.output : token.value;
        consume(token.value);
      };
      const negate = () => {
        let count = 1;
        while (peek() === "!" && (peek(2) !== "(" || peek(3) === "?")) {
          advance();
          state.start++;
          count++;
        }
        if (count % 2 === 0) {
          return false;
        }
        state.negated = true;
        state.start++;
        return true;
      };
      const increment = (type) => {
        state[type]++;
        stack.push(type);
      };
      const decrement = (type) => {
        state[type]--;
        stack.pop();
      };
      const push = (tok) => {
        if (prev.type === "globstar") {
          const isBrace = state.braces > 0 && (tok.type === "comma" || tok.type === "brace");
          const isExtglob = tok.extglob === true || extglobs.length && (tok.type === "pipe" || tok.type === "paren");
          if (tok.type !== "slash" && tok.type !== "paren" && !isBrace && !isExtglob) {
            state.output = state.output.slice(0, -prev.output.length);
            prev.type = "star";
            prev.value = "*";
            prev.output = star;
            state.output += prev.output;
          }
        }
        if (extglobs.length && tok.type !== "paren") {
          extglobs[extglobs.length - 1].inner += tok.value;
        }
        if (tok.value || tok.output) append(tok);
        if (prev && prev.type === "text" && tok.type === "text") {
          prev.output = (prev.output || prev.value) + tok.value;
          prev.value += tok.value;
          return;
        }
        tok.prev = prev;
        tokens.push(tok);
        prev = tok;
      };
      const extglobOpen = (type, value2) => {
        const token = { ...EXTGLOB_CHARS[value2], conditions: 1, inner: "" };
        token.prev = prev;
        token.parens = state.parens;
        token.output = state.output;
        token.startIndex = state.index;
        token.tokensIndex = tokens.length;
        const output = (opts.capture ? "(" : "") + token.open;
        increment("parens");
        push({ type, value: value2, output: state.output ? "" : ONE_CHAR });
        push({ type: "paren", extglob: true, value: advance(), output });
        extglobs.push(token);
      };
      const extglobClose = (token) => {
        const literal = input.slice(token.startIndex, state.index + 1);
        const body = input.slice(token.startIndex + 2, state.index);
        const analysis = analyzeRepeatedExtglob(body, opts);
        if ((token.type === "plus" || token.type === "star") && analysis.risky) {
          const safeOutput = analysis.safeOutput ? (token.output ? "" : ONE_CHAR) + (opts.capture ? `(${analysis.safeOutput})` : analysis.safeOutput) : void 0;
          const open2 = tokens[token.tokensIndex];
          open2.type = "text";
          open2.value = literal;
          open2.output = safeOutput || utils.escapeRegex(literal);
          for (let i = token.tokensIndex + 1; i < tokens.length; i++) {
            tokens[i].value = "";
            tokens[i].output = "";
            delete tokens[i].suffix;
          }
          state.output = token.output + open2.output;
          state.backtrack = true;
          push({ type: "paren", extglob: true, value, output: "" });
          decrement("parens");
          return;
        }
        let output = token.close + (opts.capture ? ")" : "");
        let rest;
        if (token.type === "negate") {
          let extglobStar = star;
          if (token.inner && token.inner.length > 1 && token.inner.includes("/")) {
            extglobStar = globstar(opts);
          }
          if (extglobStar !== star || eos() || /^\)+$/.test(remaining())) {
            output = token.close = `)$))${extglobStar}`;
          }
          if (token.inner.includes("*") && (rest = remaining()) && /^\.[^\\/.]+$/.test(rest)) {
            const expression = parse(rest, { ...options, fastpaths: false }).output;
            output = token.close = `)${expression})${extglobStar})`;
          }
          if (token.prev.type === "bos") {
            state.negatedExtglob = true;
          }
        }
        push({ type: "paren", extglob: true, value, output });
        decrement("parens");
      };
      if (opts.fastpaths !== false && !/(^[*!]|[/()[\]{}"])/.test(input)) {
        let backslashes = false;
        let output = input.replace(REGEX_SPECIAL_CHARS_BACKREF, (m, esc, chars, first, rest, index) => {
          if (first === "\\") {
            backslashes = true;
            return m;
          }
          if (first === "?") {
            if (esc) {
              return esc + first + (rest ? QMARK.repeat(rest.length) : "");
            }
            if (index === 0) {
              return qmarkNoDot + (rest ? QMARK.repeat(rest.length) : "");
            }
            return QMARK.repeat(chars.length);
          }
          if (first === ".") {
            return DOT_LITERAL.repeat(chars.length);
          }
          if (first === "*") {
            if (esc) {
              return esc + first + (rest ? star : "");
            }
            return star;
          }
          return esc ? m : `\\${m}`;
        });
        if (backslashes === true) {
          if (opts.unescape === true) {
            output = output.replace(/\\/g, "");
          } else {
            output = output.replace(/\\+/g, (m) => {
              return m.length % 2 === 0 ? "\\\\" : m ? "\\" : "";
            });
          }
        }
        if (output === input && opts.contains === true) {
          state.output = input;
          return state;
        }
        state.output = utils.wrapOutput(output, state, options);
        return state;
      }
      while (!eos()) {
        value = advance();
        if (value === "\0") {
          continue;
        }
        if (value === "\\") {
          const next = peek();
          if (next === "/" && opts.bash !== true) {
            continue;
          }
          if (next === "." || next === ";") {
            continue;
          }
          if (!next) {
            value += "\\";
            push({ type: "text", value });
            continue;
          }
          const match = /^\\+/.exec(remaining());
          let slashes = 0;
          if (match && match[0].length > 2) {
            slashes = match[0].length;
            state.index += slashes;
            if (slashes % 2 !== 0) {
              value += "\\";
            }
          }
          if (opts.unescape === true) {
            value = advance();
          } else {
            value += advance();
          }
          if (state.brackets === 0) {
            push({ type: "text", value });
            continue;
          }
        }
        if (state.brackets > 0 && (value !== "]" || prev.value === "[" || prev.value === "[^")) {
          if (opts.posix !== false && value === ":") {
            const inner = prev.value.slice(1);
            if (inner.includes("[")) {
              prev.posix = true;
              if (inner.includes(":")) {
                const idx = prev.value.lastIndexOf("[");
                const pre = prev.value.slice(0, idx);
                const rest2 = prev.value.slice(idx + 2);
                const posix = POSIX_REGEX_SOURCE[rest2];
                if (posix) {
                  prev.value = pre + posix;
                  state.backtrack = true;
                  advance();
                  if (!bos.output && tokens.indexOf(prev) === 1) {
                    bos.output = ONE_CHAR;
                  }
                  continue;
                }
              }
            }
          }
          if (value === "[" && peek() !== ":" || value === "-" && peek() === "]") {
            value = `\\${value}`;
          }
          if (value === "]" && (prev.value === "[" || prev.value === "[^")) {
            value = `\\${value}`;
          }
          if (opts.posix === true && value === "!" && prev.value === "[") {
            value = "^";
          }
          prev.value += value;
          append({ value });
          continue;
        }
        if (state.quotes === 1 && value !== '"') {
          value = utils.escapeRegex(value);
          prev.value += value;
          append({ value });
          continue;
        }
        if (value === '"') {
          state.quotes = state.quotes === 1 ? 0 : 1;
          if (opts.keepQuotes === true) {
            push({ type: "text", value });
          }
          continue;
        }
        if (value === "(") {
          increment("parens");
          push({ type: "paren", value });
          continue;
        }
        if (value === ")") {
          if (state.parens === 0 && opts.strictBrackets === true) {
            throw new SyntaxError(syntaxError("opening", "("));
          }
          const extglob = extglobs[extglobs.length - 1];
          if (extglob && state.parens === extglob.parens + 1) {
            extglobClose(extglobs.pop());
            continue;
          }
          push({ type: "paren", value, output: state.parens ? ")" : "\\)" });
          decrement("parens");
          continue;
        }
        if (value === "[") {
          if (opts.nobracket === true || !remaining().includes("]")) {
            if (opts.nobracket !== true && opts.strictBrackets === true) {
              throw new SyntaxError(syntaxError("closing", "]"));
            }
            value = `\\${value}`;
          } else {
            increment("brackets");
          }
          push({ type: "bracket", value });
          continue;
        }
        if (value === "]") {
          if (opts.nobracket === true || prev && prev.type === "bracket" && prev.value.length === 1) {
            push({ type: "text", value, output: `\\${value}` });
            continue;
          }
          if (state.brackets === 0) {
            if (opts.strictBrackets === true) {
              throw new SyntaxError(syntaxError("opening", "["));
            }
            push({ type: "text", value, output: `\\${value}` });
            continue;
          }
          decrement("brackets");
          const prevValue = prev.value.slice(1);
          if (prev.posix !== true && prevValue[0] === "^" && !prevValue.includes("/")) {
            value = `/${value}`;
          }
          prev.value += value;
          append({ value });
          if (opts.literalBrackets === false || utils.hasRegexChars(prevValue)) {
            continue;
          }
          const escaped = utils.escapeRegex(prev.value);
          state.output = state.output.slice(0, -prev.value.length);
          if (opts.literalBrackets === true) {
            state.output += escaped;
            prev.value = escaped;
            continue;
          }
          prev.value = `(${capture}${escaped}|${prev.value})`;
          state.output += prev.value;
          continue;
        }
        if (value === "{" && opts.nobrace !== true) {
          increment("braces");
          const open2 = {
            type: "brace",
            value,
            output: "(",
            outputIndex: state.output.length,
            tokensIndex: state.tokens.length
          };
          braces.push(open2);
          push(open2);
          continue;
        }
        if (value === "}") {
          const brace = braces[braces.length - 1];
          if (opts.nobrace === true || !brace) {
            push({ type: "text", value, output: value });
            continue;
          }
          let output = ")";
          if (brace.dots === true) {
            const arr = tokens.slice();
            const range = [];
            for (let i = arr.length - 1; i >= 0; i--) {
              tokens.pop();
              if (arr[i].type === "brace") {
                break;
              }
              if (arr[i].type !== "dots") {
                range.unshift(arr[i].value);
              }
            }
            output = expandRange(range, opts);
            state.backtrack = true;
          }
          if (brace.comma !== true && brace.dots !== true) {
            const out = state.output.slice(0, brace.outputIndex);
            const toks = state.tokens.slice(brace.tokensIndex);
            brace.value = brace.output = "\\{";
            value = output = "\\}";
            state.output = out;
            for (const t of toks) {
              state.output += t.output || t.value;
            }
          }
          push({ type: "brace", value, output });
          decrement("braces");
          braces.pop();
          continue;
        }
        if (value === "|") {
          if (extglobs.length > 0) {
            extglobs[extglobs.length - 1].conditions++;
          }
          push({ type: "text", value });
          continue;
        }
        if (value === ",") {
          let output = value;
          const brace = braces[braces.length - 1];
          if (brace && stack[stack.length - 1] === "braces") {
            brace.comma = true;
            output = "|";
          }
          push({ type: "comma", value, output });
          continue;
        }
        if (value === "/") {
          if (prev.type === "dot" && state.index === state.start + 1) {
            state.start = state.index + 1;
            state.consumed = "";
            state.output = "";
            tokens.pop();
            prev = bos;
            continue;
          }
          push({ type: "slash", value, output: SLASH_LITERAL });
          continue;
        }
        if (value === ".") {
          if (state.braces > 0 && prev.type === "dot") {
            if (prev.value === ".") prev.output = DOT_LITERAL;
            const brace = braces[braces.length - 1];
            prev.type = "dots";
            prev.output += value;
            prev.value += value;
            brace.dots = true;
            continue;
          }
          if (state.braces + state.parens === 0 && prev.type !== "bos" && prev.type !== "slash") {
            push({ type: "text", value, output: DOT_LITERAL });
            continue;
          }
          push({ type: "dot", value, output: DOT_LITERAL });
          continue;
        }
        if (value === "?") {
          const isGroup = prev && prev.value === "(";
          if (!isGroup && opts.noextglob !== true && peek() === "(" && peek(2) !== "?") {
            extglobOpen("qmark", value);
            continue;
          }
          if (prev && prev.type === "paren") {
            const next = peek();
            let output = value;
            if (prev.value === "(" && !/[!=<:]/.test(next) || next === "<" && !/<([!=]|\w+>)/.test(remaining())) {
              output = `\\${value}`;
            }
            push({ type: "text", value, output });
            continue;
          }
          if (opts.dot !== true && (prev.type === "slash" || prev.type === "bos")) {
            push({ type: "qmark", value, output: QMARK_NO_DOT });
            continue;
          }
          push({ type: "qmark", value, output: QMARK });
          continue;
        }
        if (value === "!") {
          if (opts.noextglob !== true && peek() === "(") {
            if (peek(2) !== "?" || !/[!=<:]/.test(peek(3))) {
              extglobOpen("negate", value);
              continue;
            }
          }
          if (opts.nonegate !== true && state.index === 0) {
            negate();
            continue;
          }
        }
        if (value === "+") {
          if (opts.noextglob !== true && peek() === "(" && peek(2) !== "?") {
            extglobOpen("plus", value);
            continue;
          }
          if (prev && prev.value === "(" || opts.regex === false) {
            push({ type: "plus", value, output: PLUS_LITERAL });
            continue;
          }
          if (prev && (prev.type === "bracket" || prev.type === "paren" || prev.type === "brace") || state.parens > 0) {
            push({ type: "plus", value });
            continue;
          }
          push({ type: "plus", value: PLUS_LITERAL });
          continue;
        }
        if (value === "@") {
          if (opts.noextglob !== true && peek() === "(" && peek(2) !== "?") {
            push({ type: "at", extglob: true, value, output: "" });
            continue;
          }
          push({ type: "text", value });
          continue;
        }
        if (value !== "*") {
          if (value === "$" || value === "^") {
            value = `\\${value}`;
          }
          const match = REGEX_NON_SPECIAL_CHARS.exec(remaining());
          if (match) {
            value += match[0];
            state.index += match[0].length;
          }
          push({ type: "text", value });
          continue;
        }
        if (prev && (prev.type === "globstar" || prev.star === true)) {
          prev.type = "star";
          prev.star = true;
          prev.value += value;
          prev.output = star;
          state.backtrack = true;
          state.globstar = true;
          consume(value);
          continue;
        }
        let rest = remaining();
        if (opts.noextglob !== true && /^\([^?]/.test(rest)) {
          extglobOpen("star", value);
          continue;
        }
        if (prev.type === "star") {
          if (opts.noglobstar === true) {
            consume(value);
            continue;
          }
          const prior = prev.prev;
          const before = prior.prev;
          const isStart = prior.type === "slash" || prior.type === "bos";
          const afterStar = before && (before.type === "star" || before.type === "globstar");
          if (opts.bash === true && (!isStart || rest[0] && rest[0] !== "/")) {
            push({ type: "star", value, output: "" });
            continue;
          }
          const isBrace = state.braces > 0 && (prior.type === "comma" || prior.type === "brace");
          const isExtglob = extglobs.length && (prior.type === "pipe" || prior.type === "paren");
          if (!isStart && prior.type !== "paren" && !isBrace && !isExtglob) {
            push({ type: "star", value, output: "" });
            continue;
          }
          while (rest.slice(0, 3) === "/**") {
            const after = input[state.index + 4];
            if (after && after !== "/") {
              break;
            }
            rest = rest.slice(3);
            consume("/**", 3);
          }
          const isEnd = eos() || state.parens > 0 && rest === ")".repeat(state.parens) && !extglobs.some((extglob) => extglob.type === "negate");
          if (prior.type === "bos" && eos()) {
            prev.type = "globstar";
            prev.value += value;
            prev.output = globstar(opts);
            state.output = prev.output;
            state.globstar = true;
            consume(value);
            continue;
          }
          if (prior.type === "slash" && prior.prev.type !== "bos" && !afterStar && isEnd) {
            state.output = state.output.slice(0, -(prior.output + prev.output).length);
            prior.output = `(?:${prior.output}`;
            prev.type = "globstar";
            prev.output = globstar(opts) + (opts.strictSlashes ? ")" : "|$)");
            prev.value += value;
            state.globstar = true;
            state.output += prior.output + prev.output;
            consume(value);
            continue;
          }
          if (prior.type === "slash" && prior.prev.type !== "bos" && rest[0] === "/") {
            const end = rest[1] !== void 0 ? "|$" : "";
            state.output = state.output.slice(0, -(prior.output + prev.output).length);
            prior.output = `(?:${prior.output}`;
            prev.type = "globstar";
            prev.output = `${globstar(opts)}${SLASH_LITERAL}|${SLASH_LITERAL}${end})`;
            prev.value += value;
            state.output += prior.output + prev.output;
            state.globstar = true;
            consume(value + advance());
            push({ type: "slash", value: "/", output: "" });
            continue;
          }
          if (prior.type === "bos" && rest[0] === "/") {
            prev.type = "globstar";
            prev.value += value;
            prev.output = `(?:^|${SLASH_LITERAL}|${globstar(opts)}${SLASH_LITERAL})`;
            state.output = prev.output;
            state.globstar = true;
            consume(value + advance());
            push({ type: "slash", value: "/", output: "" });
            continue;
          }
          state.output = state.output.slice(0, -prev.output.length);
          prev.type = "globstar";
          prev.output = globstar(opts);
          prev.value += value;
          state.output += prev.output;
          state.globstar = true;
          consume(value);
          continue;
        }
        const token = { type: "star", value, output: star };
        if (opts.bash === true) {
          token.output = ".*?";
          if (prev.type === "bos" || prev.type === "slash") {
            token.output = nodot + token.output;
          }
          push(token);
          continue;
        }
        if (prev && (prev.type === "bracket" || prev.type === "paren") && opts.regex === true) {
          token.output = value;
          push(token);
          continue;
        }
        if (state.index === state.start || prev.type === "slash" || prev.type === "dot") {
          if (prev.type === "dot") {
            state.output += NO_DOT_SLASH;
            prev.output += NO_DOT_SLASH;
          } else if (opts.dot === true) {
            state.output += NO_DOTS_SLASH;
            prev.output += NO_DOTS_SLASH;
          } else {
            state.output += nodot;
            prev.output += nodot;
          }
          if (peek() !== "*") {
            state.output += ONE_CHAR;
            prev.output += ONE_CHAR;
          }
        }
        push(token);
      }
      while (state.brackets > 0) {
        if (opts.strictBrackets === true) throw new SyntaxError(syntaxError("closing", "]"));
        state.output = utils.escapeLast(state.output, "[");
        decrement("brackets");
      }
      while (state.parens > 0) {
        if (opts.strictBrackets === true) throw new SyntaxError(syntaxError("closing", ")"));
        state.output = utils.escapeLast(state.output, "(");
        decrement("parens");
      }
      while (state.braces > 0) {
        if (opts.strictBrackets === true) throw new SyntaxError(syntaxError("closing", "}"));
        state.output = utils.escapeLast(state.output, "{");
        decrement("braces");
      }
      if (opts.strictSlashes !== true && (prev.type === "star" || prev.type === "bracket")) {
        push({ type: "maybe_slash", value: "", output: `${SLASH_LITERAL}?` });
      }
      if (state.backtrack === true) {
        state.output = "";
        for (const token of state.tokens) {
          state.output += token.output != null ? token.output : token.value;
          if (token.suffix) {
            state.output += token.suffix;
          }
        }
      }
      return state;
    };
    parse.fastpaths = (input, options) => {
      const opts = { ...options };
      const max = typeof opts.maxLength === "number" ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;
      const len = input.length;
      if (len > max) {
        throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
      }
      input = REPLACEMENTS[input] || input;
      const {
        DOT_LITERAL,
        SLASH_LITERAL,
        ONE_CHAR,
        DOTS_SLASH,
        NO_DOT,
        NO_DOTS,
        NO_DOTS_SLASH,
        STAR,
        START_ANCHOR
      } = constants2.globChars(opts.windows);
      const nodot = opts.dot ? NO_DOTS : NO_DOT;
      const slashDot = opts.dot ? NO_DOTS_SLASH : NO_DOT;
      const capture = opts.capture ? "" : "?:";
      const state = { negated: false, prefix: "" };
      let star = opts.bash === true ? ".*?" : STAR;
      if (opts.capture) {
        star = `(${star})`;
      }
      const globstar = (opts2) => {
        if (opts2.noglobstar === true) return star;
        return `(${capture}(?:(?!${START_ANCHOR}${opts2.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
      };
      const create = (str) => {
        switch (str) {
          case "*":
            return `${nodot}${ONE_CHAR}${star}`;
          case ".*":
            return `${DOT_LITERAL}${ONE_CHAR}${star}`;
          case "*.*":
            return `${nodot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;
          case "*/*":
            return `${nodot}${star}${SLASH_LITERAL}${ONE_CHAR}${slashDot}${star}`;
          case "**":
            return nodot + globstar(opts);
          case "**/*":
            return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${ONE_CHAR}${star}`;
          case "**/*.*":
            return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;
          case "**/.*":
            return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${DOT_LITERAL}${ONE_CHAR}${star}`;
          default: {
            const match = /^(.*?)\.(\w+)$/.exec(str);
            if (!match) return;
            const source2 = create(match[1]);
            if (!source2) return;
            return source2 + DOT_LITERAL + match[2];
          }
        }
      };
      const output = utils.removePrefix(input, state);
      let source = create(output);
      if (source && opts.strictSlashes !== true) {
        source += `${SLASH_LITERAL}?`;
      }
      return source;
    };
    module.exports = parse;
  }
});

// node_modules/picomatch/lib/picomatch.js
var require_picomatch = __commonJS({
  "node_modules/picomatch/lib/picomatch.js"(exports, module) {
    "use strict";
    var scan = require_scan();
    var parse = require_parse();
    var utils = require_utils();
    var constants2 = require_constants();
    var isObject = (val) => val && typeof val === "object" && !Array.isArray(val);
    var picomatch2 = (glob, options, returnState = false) => {
      if (Array.isArray(glob)) {
        const fns = glob.map((input) => picomatch2(input, options, returnState));
        const arrayMatcher = (str) => {
          for (const isMatch of fns) {
            const state2 = isMatch(str);
            if (state2) return state2;
          }
          return false;
        };
        return arrayMatcher;
      }
      const isState = isObject(glob) && glob.tokens && glob.input;
      if (glob === "" || typeof glob !== "string" && !isState) {
        throw new TypeError("Expected pattern to be a non-empty string");
      }
      const opts = options || {};
      const posix = opts.windows;
      const regex = isState ? picomatch2.compileRe(glob, options) : picomatch2.makeRe(glob, options, false, true);
      const state = regex.state;
      delete regex.state;
      let isIgnored = () => false;
      if (opts.ignore) {
        const ignoreOpts = { ...options, ignore: null, onMatch: null, onResult: null };
        isIgnored = picomatch2(opts.ignore, ignoreOpts, returnState);
      }
      const matcher = (input, returnObject = false) => {
        const { isMatch, match, output } = picomatch2.test(input, regex, options, { glob, posix });
        const result = { glob, state, regex, posix, input, output, match, isMatch };
        if (typeof opts.onResult === "function") {
          opts.onResult(result);
        }
        if (isMatch === false) {
          result.isMatch = false;
          return returnObject ? result : false;
        }
        if (isIgnored(input)) {
          if (typeof opts.onIgnore === "function") {
            opts.onIgnore(result);
          }
          result.isMatch = false;
          return returnObject ? result : false;
        }
        if (typeof opts.onMatch === "function") {
          opts.onMatch(result);
        }
        return returnObject ? result : true;
      };
      if (returnState) {
        matcher.state = state;
      }
      return matcher;
    };
    picomatch2.test = (input, regex, options, { glob, posix } = {}) => {
      if (typeof input !== "string") {
        throw new TypeError("Expected input to be a string");
      }
      if (input === "") {
        return { isMatch: false, output: "" };
      }
      const opts = options || {};
      const format = opts.format || (posix ? utils.toPosixSlashes : null);
      let match = input === glob;
      let output = match && format ? format(input) : input;
      if (match === false) {
        output = format ? format(input) : input;
        match = output === glob;
      }
      if (match === false || opts.capture === true) {
        if (opts.matchBase === true || opts.basename === true) {
          match = picomatch2.matchBase(input, regex, options, posix);
        } else {
          match = regex.exec(output);
        }
      }
      return { isMatch: Boolean(match), match, output };
    };
    picomatch2.matchBase = (input, glob, options, posix = options && options.windows) => {
      const regex = glob instanceof RegExp ? glob : picomatch2.makeRe(glob, options);
      return regex.test(utils.basename(input, { windows: posix }));
    };
    picomatch2.isMatch = (str, patterns, options) => picomatch2(patterns, options)(str);
    picomatch2.parse = (pattern, options) => {
      if (Array.isArray(pattern)) return pattern.map((p) => picomatch2.parse(p, options));
      return parse(pattern, { ...options, fastpaths: false });
    };
    picomatch2.scan = (input, options) => scan(input, options);
    picomatch2.compileRe = (state, options, returnOutput = false, returnState = false) => {
      if (returnOutput === true) {
        return state.output;
      }
      const opts = options || {};
      const prepend = opts.contains ? "" : "^";
      const append = opts.contains ? "" : "$";
      let source = `${prepend}(?:${state.output})${append}`;
      if (state && state.negated === true) {
        source = `^(?!${source}).*$`;
      }
      const regex = picomatch2.toRegex(source, options);
      if (returnState === true) {
        regex.state = state;
      }
      return regex;
    };
    picomatch2.makeRe = (input, options = {}, returnOutput = false, returnState = false) => {
      if (!input || typeof input !== "string") {
        throw new TypeError("Expected a non-empty string");
      }
      let parsed = { negated: false, fastpaths: true };
      if (options.fastpaths !== false && (input[0] === "." || input[0] === "*")) {
        parsed.output = parse.fastpaths(input, options);
      }
      if (!parsed.output) {
        parsed = parse(input, options);
      }
      return picomatch2.compileRe(parsed, options, returnOutput, returnState);
    };
    picomatch2.toRegex = (source, options) => {
      try {
        const opts = options || {};
        return new RegExp(source, opts.flags || (opts.nocase ? "i" : ""));
      } catch (err) {
        if (options && options.debug === true) throw err;
        return /$^/;
      }
    };
    picomatch2.constants = constants2;
    module.exports = picomatch2;
  }
});

// node_modules/picomatch/index.js
var require_picomatch2 = __commonJS({
  "node_modules/picomatch/index.js"(exports, module) {
    "use strict";
    var pico = require_picomatch();
    var utils = require_utils();
    function picomatch2(glob, options, returnState = false) {
      if (options && (options.windows === null || options.windows === void 0)) {
        options = { ...options, windows: utils.isWindows() };
      }
      return pico(glob, options, returnState);
    }
    Object.assign(picomatch2, pico);
    module.exports = picomatch2;
  }
});

// src/submission/rules.ts
var import_picomatch = __toESM(require_picomatch2(), 1);
import path from "node:path/posix";
var SUBMISSION_ZIP = "submission.zip";
function submissionRules(submission, reserved) {
  const [entryPoint, ...entryAlternatives] = entryPointsOf(submission);
  return {
    entryPoint,
    ...entryAlternatives.length ? { entryAlternatives } : {},
    maxSize: submission.max_size,
    maxFiles: submission.max_files,
    exclude: [...submission.exclude],
    reserved: [...reserved]
  };
}
function entryPointsOf(submission) {
  const withNotebook = (py) => py.endsWith(".py") ? [py, `${py.slice(0, -3)}.ipynb`] : [py];
  switch (submission.kind) {
    case "script":
      return withNotebook(submission.entry_point);
    case "functions":
      return withNotebook(`${functionsSettings(submission).module}.py`);
    case "pickle":
      return [pickleSettings(submission).file];
    case "handler":
      return [submission.handler?.file ?? "handler.py"];
  }
}
function mountsInsideWorkdir(container) {
  const mounts = [container.data_dir, path.posix.dirname(container.output_file)];
  return mounts.map((mount) => path.posix.relative(container.workdir, mount)).filter((relative) => relative !== "" && !relative.startsWith("..") && !path.posix.isAbsolute(relative));
}
function reservedRootNames(container) {
  return [...new Set(mountsInsideWorkdir(container).map((relative) => relative.split("/")[0]))];
}
function excludeMatcher(exclude) {
  const isExcluded = (0, import_picomatch.default)([...exclude], { dot: true });
  return (relative, isDir) => isExcluded(relative) || isDir && isExcluded(`${relative}/`);
}

// src/submission/setup-config-apply.ts
import { copyFile, constants, lstat, readdir, readFile } from "node:fs/promises";
import path3 from "node:path";

// src/submission/setup-config.ts
import path2 from "node:path";
var SETUP_CONFIG = "setup_config.json";
var DYNALAB_CONFIG = /^\.dynalab\/[^/]+\/setup_config\.json$/;
var KNOWN_KEYS = /* @__PURE__ */ new Set(["task", "checkpoint", "handler", "requirements", "setup", "model_files", "exclude"]);
function findSetupConfig(paths) {
  const found = [...paths].filter((p) => p === SETUP_CONFIG || DYNALAB_CONFIG.test(p)).sort();
  if (found.length <= 1) return { ok: true, path: found[0] ?? null };
  return {
    ok: false,
    problem: {
      text: `the submission has ${found.length} setup_config.json files (${found.join(", ")})`,
      hint: "Keep one: setup_config.json at the root, or .dynalab/<model>/setup_config.json as dynalab-cli init writes it."
    }
  };
}
var OUTSIDE_HINT = "List paths relative to the submission's root (where handler.py is), e.g. configs/model.json, that stay inside it.";
function checkEntryPath(value, key, source) {
  if (typeof value !== "string" || value.trim() === "") {
    return {
      ok: false,
      problem: {
        text: `${source}: ${key} holds ${JSON.stringify(value) ?? String(value)}, not a path`,
        hint: OUTSIDE_HINT
      }
    };
  }
  const named = `${source} lists "${value}" in ${key}`;
  if (value.startsWith("/") || /^[A-Za-z]:/.test(value) || value.startsWith("~")) {
    return {
      ok: false,
      problem: { text: `${named}: an absolute path points outside the submission`, hint: OUTSIDE_HINT }
    };
  }
  if (value.includes("\\")) {
    return {
      ok: false,
      problem: { text: `${named}: a backslash is not a path separator here`, hint: 'Separate folders with "/".' }
    };
  }
  const normalized = path2.posix.normalize(value).replace(/\/+$/, "");
  if (normalized === ".." || normalized.startsWith("../")) {
    return { ok: false, problem: { text: `${named}: it resolves outside the submission`, hint: OUTSIDE_HINT } };
  }
  if (normalized === "." || normalized === "") {
    return {
      ok: false,
      problem: { text: `${named}: that is the submission's root itself`, hint: "Name a file or folder inside it." }
    };
  }
  return { ok: true, path: normalized };
}
function linkOn(p, links) {
  const parts = p.split("/");
  for (let i = 1; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join("/");
    if (links.has(prefix)) return prefix;
  }
  return void 0;
}
function linkProblem(entry, key, source, link) {
  const where = link === entry ? "it is a symbolic link" : `its folder "${link}" is a symbolic link`;
  return {
    text: `${source} lists "${entry}" in ${key}: ${where}, which may point outside the submission`,
    hint: "Replace the link with a copy of what it points to."
  };
}
function listOf(value, key, source) {
  if (value === void 0 || value === null || value === "") return { ok: true, items: [] };
  if (Array.isArray(value)) return { ok: true, items: value };
  return {
    ok: false,
    problem: {
      text: `${source}: ${key} must be a list of paths, not ${JSON.stringify(value)}`,
      hint: `Write ${key} as a JSON list, e.g. "${key}": ["configs/model.json"].`
    }
  };
}
function globLiteral(p) {
  return p.replace(/[\\*?[\]{}()!+@]/g, (c) => `\\${c}`);
}
function excludeGlobsOf(paths) {
  return paths.flatMap((p) => [globLiteral(p), `${globLiteral(p)}/**`]);
}
function parseObject(text, source) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      problem: {
        text: `${source} is not valid JSON (${e instanceof Error ? e.message : String(e)})`,
        hint: "Fix it (dynalab-cli init --amend writes it), or remove it."
      }
    };
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return {
      ok: false,
      problem: {
        text: `${source} holds ${Array.isArray(parsed) ? "a list" : JSON.stringify(parsed)}, not a JSON object`,
        hint: 'Write an object such as {"model_files": ["configs/model.json"], "exclude": []}.'
      }
    };
  }
  return { ok: true, config: parsed };
}
function readSetupExclude(text, source = SETUP_CONFIG) {
  const parsed = parseObject(text, source);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  const list2 = listOf(parsed.config.exclude, "exclude", source);
  if (!list2.ok) return { ok: false, problems: [list2.problem] };
  const problems = [];
  const exclude = [];
  for (const item of list2.items) {
    const checked = checkEntryPath(item, "exclude", source);
    if (!checked.ok) problems.push(checked.problem);
    else if (!exclude.includes(checked.path)) exclude.push(checked.path);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, exclude, excludeGlobs: excludeGlobsOf(exclude) };
}
function isUnder(p, folder) {
  return p === folder || p.startsWith(`${folder}/`);
}
function planSetupConfig(text, source, inventory, options = {}) {
  const parsed = parseObject(text, source);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  const config = parsed.config;
  const files = new Set(inventory.files);
  const links = new Set(inventory.links ?? []);
  const dirs = new Set(inventory.dirs ?? []);
  for (const f of files) {
    for (let end = f.lastIndexOf("/"); end > 0; end = f.lastIndexOf("/", end - 1)) dirs.add(f.slice(0, end));
  }
  const problems = [];
  const warnings = [];
  for (const key of Object.keys(config)) {
    if (!KNOWN_KEYS.has(key)) warnings.push(`${source}: the key "${key}" is not one Dynalab knows; it is ignored.`);
  }
  for (const key of ["requirements", "setup"]) {
    if (config[key] === true) {
      warnings.push(
        `${source} asks to install ${key === "requirements" ? "requirements.txt" : "setup.py"}; nothing is installed at run time (no network): the packages must be in the competition's runtime image.`
      );
    }
  }
  const fileEntries = [];
  const checkFile = (value, key) => {
    const checked = checkEntryPath(value, key, source);
    if (!checked.ok) {
      problems.push(checked.problem);
      return;
    }
    const link = linkOn(checked.path, links);
    if (link !== void 0) {
      problems.push(linkProblem(String(value), key, source, link));
      return;
    }
    if (!files.has(checked.path)) {
      const named = `${source} lists "${String(value)}" in ${key}`;
      problems.push(
        dirs.has(checked.path) ? {
          text: `${named}: it is a folder; ${key} names files`,
          hint: 'List each file, or leave the folder where it is and read it from ROOTPATH (Dynalab README, "Extra model files", way 2).'
        } : {
          text: `${named}: the submission has no such file`,
          hint: "Fix the path (relative to the submission's root), or add the file."
        }
      );
      return;
    }
    fileEntries.push({ key, path: checked.path });
  };
  for (const key of ["checkpoint", "handler"]) {
    const value = config[key];
    if (value === void 0 || value === null || value === "") continue;
    checkFile(value, key);
  }
  const modelFiles = listOf(config.model_files, "model_files", source);
  if (!modelFiles.ok) problems.push(modelFiles.problem);
  else for (const item of modelFiles.items) checkFile(item, "model_files");
  const exclude = [];
  const excludeList = listOf(config.exclude, "exclude", source);
  if (!excludeList.ok) problems.push(excludeList.problem);
  else {
    for (const item of excludeList.items) {
      const checked = checkEntryPath(item, "exclude", source);
      if (!checked.ok) {
        problems.push(checked.problem);
        continue;
      }
      const link = linkOn(checked.path, links);
      if (link !== void 0 && link !== checked.path) {
        problems.push(linkProblem(String(item), "exclude", source, link));
        continue;
      }
      if (!files.has(checked.path) && !dirs.has(checked.path) && !links.has(checked.path)) {
        warnings.push(`${source} excludes "${String(item)}", which the submission does not have.`);
      }
      if (!exclude.includes(checked.path)) exclude.push(checked.path);
    }
  }
  const needed = [
    ...fileEntries.map((e) => ({ path: e.path, why: `named in ${e.key}` })),
    { path: source, why: "the setup config itself" },
    ...options.handlerFile ? [{ path: options.handlerFile, why: "the handler" }] : []
  ];
  for (const ex of exclude) {
    const hit = needed.find((n) => isUnder(n.path, ex));
    if (hit) {
      problems.push({
        text: `${source} excludes "${ex}", which ${hit.path === ex ? "is" : `holds "${hit.path}",`} ${hit.why}`,
        hint: "Remove it from exclude: a file the model uses must be in the submission."
      });
    }
  }
  const copies = [];
  const byTarget = /* @__PURE__ */ new Map();
  let checkpoint = null;
  for (const entry of fileEntries) {
    const to = path2.posix.basename(entry.path);
    if (entry.key === "checkpoint") checkpoint = to;
    const earlier = byTarget.get(to);
    if (earlier === entry.path) continue;
    if (earlier !== void 0) {
      problems.push({
        text: `${source} flattens "${earlier}" and "${entry.path}" to the same name ${to}`,
        hint: "Rename one of them, or leave one where it is and read it from ROOTPATH instead of listing it."
      });
      continue;
    }
    byTarget.set(to, entry.path);
    if (entry.path === to) continue;
    if ((options.reserved ?? []).includes(to) || to === SETUP_CONFIG) {
      problems.push({
        text: `${source} flattens "${entry.path}" to ${to}, a name the submission may not have at its root`,
        hint: `Rename "${entry.path}" (e.g. to ${to}_files), or remove it from ${entry.key}.`
      });
      continue;
    }
    if (files.has(to) || dirs.has(to) || links.has(to)) {
      problems.push({
        text: `${source} flattens "${entry.path}" to ${to}, which the submission already has at its root`,
        hint: `Rename one of them, or remove "${entry.path}" from ${entry.key}.`
      });
      continue;
    }
    copies.push({ from: entry.path, to, entry: entry.key });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    plan: { source, copies, exclude, excludeGlobs: excludeGlobsOf(exclude), checkpoint, warnings }
  };
}

// src/submission/setup-config-apply.ts
async function inventoryOf(root) {
  const files = [];
  const dirs = [];
  const links = [];
  const walk = async (dir, rel) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const relative = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        dirs.push(relative);
        await walk(path3.join(dir, e.name), relative);
      } else if (e.isFile()) files.push(relative);
      else links.push(relative);
    }
  };
  await walk(root, "");
  return { files, dirs, links };
}
async function flattenSetupConfig(codeDir, handlerFile, reserved) {
  const inventory = await inventoryOf(codeDir);
  const found = findSetupConfig(inventory.files);
  if (!found.ok) return { ok: false, problems: [found.problem] };
  if (found.path === null) return { ok: true, warnings: [] };
  const text = await readFile(path3.join(codeDir, ...found.path.split("/")), "utf8");
  const planned = planSetupConfig(text, found.path, inventory, { handlerFile, reserved });
  if (!planned.ok) return planned;
  for (const copy of planned.plan.copies) {
    await copyFile(
      path3.join(codeDir, ...copy.from.split("/")),
      path3.join(codeDir, ...copy.to.split("/")),
      constants.COPYFILE_EXCL
    );
  }
  return { ok: true, warnings: planned.plan.warnings };
}
async function setupConfigExclude(dir) {
  const candidates = ["setup_config.json"];
  const dynalab = await readdir(path3.join(dir, ".dynalab"), { withFileTypes: true }).catch(() => []);
  for (const e of dynalab) if (e.isDirectory()) candidates.push(`.dynalab/${e.name}/setup_config.json`);
  const present = [];
  for (const c of candidates) {
    if ((await lstat(path3.join(dir, ...c.split("/"))).catch(() => void 0))?.isFile()) present.push(c);
  }
  const found = findSetupConfig(present);
  if (!found.ok) return { ok: false, problems: [found.problem] };
  if (found.path === null) return { ok: true, globs: [] };
  const read = readSetupExclude(await readFile(path3.join(dir, ...found.path.split("/")), "utf8"), found.path);
  return read.ok ? { ok: true, globs: read.excludeGlobs } : read;
}

// src/submission/push-size.ts
var MiB = 1024 * 1024;
var GITHUB_FILE_LIMIT = 100 * MiB;
var GITHUB_FILE_WARNING = 50 * MiB;
var LARGE_FILES_DOC = 'docs/submissions.md, "Large files and models"';
var MAX_NAMED = 5;
function largestFiles(files, n = 3) {
  return [...files].filter((f) => f.size > 0).sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : 1)).slice(0, n);
}
function sizedName(f) {
  const size = f.size >= 1024 * MiB ? `${(f.size / 1024 / MiB).toFixed(2)} GiB` : f.size >= MiB ? `${(f.size / MiB).toFixed(2)} MiB` : formatBytes(f.size);
  return `${f.path} (${size})`;
}
function pushSizeWarnings(files, isZip = false) {
  const sorted = largestFiles(files, Infinity);
  const refused = sorted.filter((f) => f.size > GITHUB_FILE_LIMIT);
  const warned = sorted.filter((f) => f.size > GITHUB_FILE_WARNING && f.size <= GITHUB_FILE_LIMIT);
  const warnings = [];
  if (refused.length > 0) {
    const it = refused.length === 1 ? "it" : "them";
    const fix = isZip ? "make the files in it smaller, or split the largest into parts under 100 MiB" : `make ${it} smaller, split ${it} into parts under 100 MiB, or pack the folder into one submission.zip (holdout pack) if that comes out under 100 MiB`;
    warnings.push(
      `${list(refused)} ${refused.length === 1 ? "is" : "are"} over 100 MiB: GitHub refuses to push a file that large, so a pull request cannot carry ${it}; ${fix} (${LARGE_FILES_DOC})`
    );
  }
  if (warned.length > 0) {
    warnings.push(
      `${list(warned)} ${warned.length === 1 ? "is" : "are"} over 50 MiB: GitHub warns when such a file is pushed (it accepts files up to 100 MiB)`
    );
  }
  return warnings;
}
function list(files) {
  const named = files.slice(0, MAX_NAMED).map(sizedName).join(", ");
  return files.length > MAX_NAMED ? `${named} and ${files.length - MAX_NAMED} more` : named;
}

// src/submission/problems.ts
var MAX_LISTED = 20;
var MAX_IN_MESSAGE = 3;
function refusal(label, problems) {
  if (problems.length === 0) throw new Error("refusal() needs at least one problem");
  const texts = problems.map((p) => p.text);
  const listed = texts.slice(0, MAX_LISTED);
  if (texts.length > MAX_LISTED) listed.push(`\u2026 and ${texts.length - MAX_LISTED} more`);
  const shown = texts.slice(0, MAX_IN_MESSAGE).join("; ");
  const more = texts.length > MAX_IN_MESSAGE ? `; \u2026 ${texts.length - MAX_IN_MESSAGE} more` : "";
  const count = texts.length === 1 ? "" : ` (${texts.length} problems)`;
  return {
    ok: false,
    reason: "invalid_submission",
    message: label === void 0 ? `${shown}${more}` : `${label} was refused${count}: ${shown}${more}`,
    hint: [...new Set(problems.map((p) => p.hint))].join(" "),
    problems: listed
  };
}
var RELATIVE_HINT = "Zip the files with paths relative to the submission folder, e.g. `holdout pack DIR` or `cd DIR && zip -r ../submission.zip .`.";
var SHORTEN_HINT = "Shorten the name: at most 255 bytes per file or folder name, 1024 bytes per path, and 64 nested folders.";
var REPACK_HINT = "Re-create the zip from your submission folder with `holdout pack DIR`.";
var problem = {
  absolutePath: (name) => ({ text: `"${name}" is an absolute path`, hint: RELATIVE_HINT }),
  drivePath: (name) => ({ text: `"${name}" starts with a drive letter`, hint: RELATIVE_HINT }),
  backslash: (name) => ({
    text: `"${name}" contains a backslash (\\)`,
    hint: `Use / between folders in zip entry names. ${REPACK_HINT}`
  }),
  parentSegment: (name) => ({
    text: `"${name}" has a ".." segment that points outside the submission`,
    hint: RELATIVE_HINT
  }),
  controlCharacter: (name) => ({
    text: `${JSON.stringify(name)} has a control character (newline, tab, NUL \u2026) in its name`,
    hint: "Rename the file using printable characters only."
  }),
  segmentTooLong: (name, bytes, max) => ({
    text: `"${shortName(name)}" has a file or folder name of ${bytes} bytes (at most ${max})`,
    hint: SHORTEN_HINT
  }),
  pathTooLong: (name, bytes, max) => ({
    text: `"${shortName(name)}" is a path of ${bytes} bytes (at most ${max})`,
    hint: SHORTEN_HINT
  }),
  tooDeep: (name, depth, max) => ({
    text: `"${shortName(name)}" is ${depth} folders deep (at most ${max})`,
    hint: SHORTEN_HINT
  }),
  notUtf8: (name, bytes) => ({
    text: `"${name}" has a name that is not valid UTF-8 (bytes ${hexBytes(bytes)})`,
    hint: "Rename the file or folder using UTF-8 characters only (the zip and the container read names as UTF-8)."
  }),
  symlink: (name) => ({
    text: `"${name}" is a symbolic link`,
    hint: "Submissions may hold only regular files and folders: replace each link with a copy of the file it points to (and do not zip with `zip -y`)."
  }),
  special: (name, kind) => ({
    text: `"${name}" is a ${kind}, not a regular file`,
    hint: "Submissions may hold only regular files and folders: remove it."
  }),
  folderMismatch: (name) => ({
    text: `"${name}" is marked as a folder but its name does not end with /`,
    hint: REPACK_HINT
  }),
  encrypted: (name) => ({
    text: `"${name}" is encrypted`,
    hint: `Create the zip without a password. ${REPACK_HINT}`
  }),
  compression: (name, method) => ({
    text: `"${name}" uses compression method ${method}, which is not supported (only stored and deflate are)`,
    hint: `Use standard (deflate) compression. ${REPACK_HINT}`
  }),
  duplicate: (name) => ({
    text: `"${name}" appears more than once in the zip`,
    hint: REPACK_HINT
  }),
  fileAndFolder: (name) => ({
    text: `"${name}" is both a file and a folder`,
    hint: REPACK_HINT
  }),
  reserved: (name) => ({
    text: `"${name}" at the submission root is reserved: the competition mounts its own "${name}" folder there, which would hide yours`,
    hint: `Rename "${name}" (e.g. to "${name}_files") and update the paths in your code.`
  }),
  tooManyFiles: (max) => ({
    text: `it holds more than ${max} files and folders (submission.max_files)`,
    hint: "Remove files your code does not need (caches, virtual environments, checkpoints), or ask the organizer to raise submission.max_files."
  }),
  /**
   * `largest`: the biggest files (as walked, listed, or as a zip declares them), named so
   * the participant knows what to cut; `passedAt`: the file being written when the count
   * passed the limit (a zip whose sizes lie, a file that grew).
   */
  tooLarge: (max, largest = [], passedAt) => ({
    text: `its files add up to more than ${formatBytes(max)} (submission.max_size)` + (passedAt !== void 0 ? `, passed while writing "${passedAt}"` : "") + (largest.length > 0 ? `; the largest: ${largest.map(sizedName).join(", ")}` : ""),
    hint: "Remove large files your code does not need (the competition mounts its data for you), or ask the organizer to raise submission.max_size."
  }),
  entryPointIsFolder: (entry) => ({
    text: `"${entry}" is a folder, but it must be the file the competition runs`,
    hint: `Put your ${entry} file at the top of the submission.`
  }),
  /** A folder with submission.zip among other files: the zip is a file like any other there. */
  zipNotAlone: (entry, others) => ({
    text: `no ${entry} at the top of the submission, and submission.zip was ignored: a folder is read as its submission.zip only when the zip is alone in it, and this one also holds ${quoteList(others)}`,
    hint: `To submit the zip, leave submission.zip alone in the folder (remove ${others.length === 1 ? "the other file" : "the other files"}); to submit the folder's files, put ${entry} at its top and remove submission.zip.`
  }),
  noEntryPoint: (entry, where, isZip) => ({
    text: `no ${entry} at the top of the submission`,
    hint: noEntryPointHint(entry, where, isZip)
  }),
  lfsPointer: (name) => ({
    text: `"${name}" is a Git LFS pointer, not the file it stands for (GitHub serves LFS files to the evaluation as their pointers)`,
    hint: 'Git LFS files do not reach the competition: commit the file itself (under 100 MiB), or make it smaller, zip or split it (docs/submissions.md, "Large files and models").'
  }),
  unreadableZip: (detail) => ({
    text: `it is not a readable zip file (${detail})`,
    hint: "Create the zip with `holdout pack DIR` or a standard zip tool, and check that the file was not truncated."
  }),
  corruptEntry: (name, detail) => ({
    text: `"${name}" could not be unpacked (${detail})`,
    hint: "The zip is damaged or was not written by a standard tool. Re-create it with `holdout pack DIR`."
  }),
  unreadableFile: (name, detail) => ({
    text: `"${name}" cannot be read (${detail})`,
    hint: "Make every file in the submission readable, or exclude it (submission.exclude)."
  }),
  symlinkInput: (input) => ({
    text: `${input} is a symbolic link`,
    hint: "Pass the real folder or .zip file, not a link to it."
  }),
  missingInput: (input) => ({
    text: `${input} does not exist`,
    hint: "Pass the path of your submission folder or of a .zip made from it."
  }),
  notFolderOrZip: (input) => ({
    text: `${input} is neither a folder nor a .zip file`,
    hint: "Pass your submission folder, or a .zip of its contents (`holdout pack DIR` makes one)."
  })
};
function quoteList(names, max = 3) {
  const quoted = names.slice(0, max).map((n) => `"${shortName(n)}"`);
  if (names.length > max) return `${quoted.join(", ")} and ${names.length - max} more`;
  return quoted.length <= 1 ? quoted.join("") : `${quoted.slice(0, -1).join(", ")} and ${quoted.at(-1)}`;
}
var SHORT_NAME = 60;
function shortName(name) {
  if (name.length <= SHORT_NAME) return name;
  const head = name.slice(0, SHORT_NAME - 1);
  return `${/[\ud800-\udbff]$/.test(head) ? head.slice(0, -1) : head}\u2026`;
}
function hexBytes(bytes) {
  const shown = [...bytes.subarray(0, 32)].map((b) => b.toString(16).padStart(2, "0")).join(" ");
  return bytes.length > 32 ? `${shown} \u2026` : shown;
}
function noEntryPointHint(entry, where, isZip) {
  switch (where.kind) {
    case "nowhere":
      return `Add ${entry} \u2014 the file the competition runs \u2014 at the top of the submission.`;
    case "single-folder":
      return isZip ? `The zip holds a single folder "${where.folder}/" with ${entry} inside: zip the folder's contents, not the folder (e.g. \`cd ${where.folder} && zip -r ../submission.zip .\`, or \`holdout pack ${where.folder}\`).` : `Everything sits in the folder "${where.folder}/": submit that folder itself, so that ${entry} is at the top.`;
    case "subfolders":
      return `${entry} must sit at the top of the submission, not in a subfolder (found: ${where.paths.slice(0, 3).join(", ")}).`;
  }
}

// src/submission/inventory.ts
function largestOf(items) {
  return largestFiles(
    items.flatMap((i) => i.kind === "file" && i.size !== void 0 ? [{ path: i.path, size: i.size }] : [])
  );
}
var ZIP_NOISE = /* @__PURE__ */ new Set(["__MACOSX", ".DS_Store"]);
function checkInventory(items, rules, source) {
  const problems = [];
  const files = /* @__PURE__ */ new Set();
  const explicitDirs = /* @__PURE__ */ new Set();
  const reported = /* @__PURE__ */ new Set();
  for (const item of items) {
    const seen = item.kind === "file" ? files : explicitDirs;
    if (seen.has(item.path) && !reported.has(item.path)) {
      problems.push(problem.duplicate(item.path));
      reported.add(item.path);
    }
    seen.add(item.path);
  }
  const dirs = /* @__PURE__ */ new Set();
  let tooMany = files.size > rules.maxFiles;
  for (const item of items) {
    if (tooMany) break;
    let end = item.kind === "dir" ? item.path.length : item.path.lastIndexOf("/");
    while (end > 0) {
      const dir = item.path.slice(0, end);
      if (dirs.has(dir)) break;
      dirs.add(dir);
      if (files.size + dirs.size > rules.maxFiles) {
        tooMany = true;
        break;
      }
      end = item.path.lastIndexOf("/", end - 1);
    }
  }
  if (tooMany) {
    problems.push(problem.tooManyFiles(rules.maxFiles));
    return problems;
  }
  for (const file of files) {
    if (dirs.has(file)) problems.push(problem.fileAndFolder(file));
  }
  const rootNames = new Set(items.map((i) => rootName(i.path)));
  for (const name of rules.reserved) {
    if (rootNames.has(name)) problems.push(problem.reserved(name));
  }
  const entryProblem = (rules.entryAlternatives ?? []).some((alternative) => files.has(alternative)) ? void 0 : checkEntryPoint(files, dirs, rootNames, rules.entryPoint, source);
  if (entryProblem) problems.push(entryProblem);
  return problems;
}
function checkEntryPoint(files, dirs, rootNames, entryPoint, source) {
  if (files.has(entryPoint)) return void 0;
  if (dirs.has(entryPoint)) return problem.entryPointIsFolder(entryPoint);
  const others = [...rootNames].filter((n) => n !== SUBMISSION_ZIP).sort();
  if (source === "folder" && files.has(SUBMISSION_ZIP) && others.length > 0)
    return problem.zipNotAlone(entryPoint, others);
  return problem.noEntryPoint(entryPoint, whereElse(files, rootNames, entryPoint), source === "zip");
}
function whereElse(files, rootNames, entryPoint) {
  const topLevel = [...rootNames].filter((n) => !ZIP_NOISE.has(n));
  const only = topLevel.length === 1 ? topLevel[0] : void 0;
  if (only !== void 0 && files.has(`${only}/${entryPoint}`)) return { kind: "single-folder", folder: only };
  const paths = [...files].filter((f) => f.endsWith(`/${entryPoint}`)).sort();
  return paths.length > 0 ? { kind: "subfolders", paths } : { kind: "nowhere" };
}
function rootName(path10) {
  const slash = path10.indexOf("/");
  return slash === -1 ? path10 : path10.slice(0, slash);
}

// src/submission/walk.ts
import { lstat as lstat2, readdir as readdir2 } from "node:fs/promises";
import path4 from "node:path";

// src/submission/names.ts
var MAX_SEGMENT_BYTES = 255;
var MAX_PATH_BYTES = 1024;
var MAX_DEPTH = 64;
var CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
function checkName(name) {
  if (CONTROL_CHARACTER.test(name)) return { ok: false, problem: problem.controlCharacter(name) };
  if (/^[A-Za-z]:/.test(name)) return { ok: false, problem: problem.drivePath(name) };
  if (name.includes("\\")) return { ok: false, problem: problem.backslash(name) };
  if (name.startsWith("/")) return { ok: false, problem: problem.absolutePath(name) };
  const segments = name.split("/");
  if (segments.includes("..")) return { ok: false, problem: problem.parentSegment(name) };
  const kept = segments.filter((s) => s !== "" && s !== ".");
  if (kept.length === 0) return { ok: true, path: "", endsWithSlash: true };
  let longest = 0;
  for (const segment of kept) longest = Math.max(longest, Buffer.byteLength(segment, "utf8"));
  if (longest > MAX_SEGMENT_BYTES)
    return { ok: false, problem: problem.segmentTooLong(name, longest, MAX_SEGMENT_BYTES) };
  if (kept.length - 1 > MAX_DEPTH) return { ok: false, problem: problem.tooDeep(name, kept.length - 1, MAX_DEPTH) };
  const path10 = kept.join("/");
  const bytes = Buffer.byteLength(path10, "utf8");
  if (bytes > MAX_PATH_BYTES) return { ok: false, problem: problem.pathTooLong(name, bytes, MAX_PATH_BYTES) };
  return { ok: true, path: path10, endsWithSlash: name.endsWith("/") };
}

// src/submission/walk.ts
async function walkSubmission(root, rules, options = {}) {
  const excluded = excludeMatcher(rules.exclude);
  const walk = { items: [], bytes: 0, problems: [] };
  let tooMany = false;
  const seenOnly = [];
  async function visit(dir, prefix) {
    let names;
    try {
      names = (await readdir2(dir, { encoding: "buffer" })).map(decodeName).sort(byName);
    } catch (e) {
      walk.problems.push(problem.unreadableFile(prefix || ".", errorCode(e)));
      return;
    }
    for (const { name, raw, utf8 } of names) {
      if (tooMany) return;
      const relative = prefix ? `${prefix}/${name}` : name;
      const absolute = path4.join(dir, name);
      if (utf8 && options.skip?.has(absolute)) continue;
      let stats;
      try {
        stats = await lstat2(utf8 ? absolute : Buffer.concat([Buffer.from(`${dir}${path4.sep}`), raw]));
      } catch (e) {
        walk.problems.push(utf8 ? problem.unreadableFile(relative, errorCode(e)) : problem.notUtf8(relative, raw));
        continue;
      }
      if (excluded(relative, stats.isDirectory())) continue;
      if (!utf8) {
        walk.problems.push(problem.notUtf8(relative, raw));
        continue;
      }
      const checked = checkName(relative);
      if (!checked.ok) {
        walk.problems.push(checked.problem);
        continue;
      }
      const kind = stats.isDirectory() ? "dir" : stats.isFile() ? "file" : void 0;
      if (kind === void 0) {
        walk.problems.push(
          stats.isSymbolicLink() ? problem.symlink(relative) : problem.special(relative, specialKind(stats))
        );
        seenOnly.push({ path: relative, kind: "file" });
        continue;
      }
      if (walk.items.length >= rules.maxFiles) {
        tooMany = true;
        walk.problems.push(problem.tooManyFiles(rules.maxFiles));
        return;
      }
      const executable = kind === "file" && (stats.mode & 73) !== 0;
      walk.items.push({
        path: relative,
        kind,
        source: absolute,
        size: kind === "file" ? stats.size : 0,
        mtime: stats.mtime,
        executable
      });
      if (kind === "file") walk.bytes += stats.size;
      else await visit(absolute, relative);
    }
  }
  await visit(root, "");
  if (walk.bytes > rules.maxSize) walk.problems.push(problem.tooLarge(rules.maxSize, largestOf(walk.items)));
  if (!tooMany) walk.problems.push(...checkInventory([...walk.items, ...seenOnly], rules, "folder"));
  return walk;
}
function decodeName(raw) {
  const name = raw.toString("utf8");
  return { name, raw, utf8: Buffer.from(name, "utf8").equals(raw) };
}
function byName(a, b) {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
function specialKind(stats) {
  if (stats.isFIFO()) return "named pipe (FIFO)";
  if (stats.isSocket()) return "socket";
  if (stats.isCharacterDevice()) return "character device";
  if (stats.isBlockDevice()) return "block device";
  return "special file";
}
function errorCode(e) {
  const code = e.code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOENT") return "it was removed while the folder was being read";
  return String(code ?? e);
}

// src/submission/write.ts
import { createWriteStream } from "node:fs";
import { chmod, mkdir, readdir as readdir3, rm } from "node:fs/promises";
import path5 from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
var FILE_MODE = 420;
var DIR_MODE = 493;
var EXECUTABLE_MODE = 493;
var ByteBudget = class {
  constructor(max) {
    this.max = max;
  }
  max;
  used = 0;
  /** Count `n` more bytes; false once the total passes the limit. */
  spend(n) {
    this.used += n;
    return this.used <= this.max;
  }
};
var OverBudget = class extends Error {
  name = "OverBudget";
};
function budgetGuard(budget) {
  return new Transform({
    transform(chunk, _encoding, callback) {
      if (budget.spend(chunk.length)) callback(null, chunk);
      else callback(new OverBudget(`more than ${budget.max} bytes`));
    }
  });
}
async function writeNewFile(source, dest, budget, mode = FILE_MODE) {
  const sink = createWriteStream(dest, { flags: "wx", mode });
  const guard = budgetGuard(budget);
  let failedFirst;
  source.once("error", () => failedFirst ??= "source");
  guard.once("error", () => failedFirst ??= "guard");
  sink.once("error", () => failedFirst ??= "sink");
  try {
    await pipeline(source, guard, sink);
  } catch (e) {
    if (failedFirst === "guard" && e instanceof OverBudget) return { ok: false, cause: "over-budget" };
    if (failedFirst === "source") return { ok: false, cause: "source", error: e };
    throw e;
  }
  await chmod(dest, mode);
  return { ok: true };
}
async function makeDirs(root, relative, made) {
  let current = "";
  for (const segment of relative.split("/")) {
    current = current ? `${current}/${segment}` : segment;
    if (made.has(current)) continue;
    const absolute = path5.join(root, current);
    try {
      await mkdir(absolute, { mode: DIR_MODE });
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
    }
    await chmod(absolute, DIR_MODE);
    made.add(current);
  }
}
async function assertEmptyDir(target) {
  const entries = await readdir3(target);
  if (entries.length > 0) throw new Error(`staging folder ${target} is not empty`);
}
async function emptyDir(target) {
  for (const name of await readdir3(target)) {
    await rm(path5.join(target, name), { recursive: true, force: true });
  }
}

// src/submission/copy.ts
import path6 from "node:path";

// src/submission/lfs.ts
import { open } from "node:fs/promises";
var LFS_POINTER_PREFIX = "version https://git-lfs.github.com/spec/v1";
var LFS_POINTER_MAX_BYTES = 1024;
async function isLfsPointer(file, size) {
  if (size > LFS_POINTER_MAX_BYTES || size < LFS_POINTER_PREFIX.length) return false;
  const handle = await open(file, "r");
  try {
    const head = Buffer.alloc(LFS_POINTER_PREFIX.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead).toString("latin1") === LFS_POINTER_PREFIX;
  } finally {
    await handle.close();
  }
}

// src/submission/copy.ts
function modeOf(item, rules) {
  return item.executable === true && item.path === rules.entryPoint ? EXECUTABLE_MODE : FILE_MODE;
}
async function copyItems(items, target, rules, label, source) {
  const budget = new ByteBudget(rules.maxSize);
  const made = /* @__PURE__ */ new Set();
  const pointers = [];
  let files = 0;
  for (const item of items) {
    if (item.kind === "dir") {
      await makeDirs(target, item.path, made);
      continue;
    }
    const parent = path6.posix.dirname(item.path);
    if (parent !== ".") await makeDirs(target, parent, made);
    const dest = path6.join(target, item.path);
    const before = budget.used;
    let outcome;
    try {
      outcome = await writeNewFile(await source.open(item), dest, budget, modeOf(item, rules));
    } catch (e) {
      if (e.code !== void 0) throw e;
      outcome = { ok: false, cause: "source", error: e };
    }
    if (outcome.ok) {
      files++;
      if (await isLfsPointer(dest, budget.used - before)) pointers.push(item.path);
      continue;
    }
    await emptyDir(target);
    return refusal(label, [
      outcome.cause === "over-budget" ? problem.tooLarge(rules.maxSize, largestOf(items), item.path) : source.sourceProblem(item, outcome.error)
    ]);
  }
  if (pointers.length > 0) {
    await emptyDir(target);
    return refusal(
      label,
      pointers.map((p) => problem.lfsPointer(p))
    );
  }
  return { ok: true, files, bytes: budget.used, warnings: [] };
}

// src/submission/staging.ts
import { lstat as lstat3, readdir as readdir4, stat } from "node:fs/promises";
import path9 from "node:path";

// src/submission/staging-dir.ts
import { createReadStream } from "node:fs";
import path7 from "node:path";
async function stageDir(dir, target, rules) {
  const label = `${path7.basename(path7.resolve(dir))}/`;
  const walk = await walkSubmission(dir, rules);
  if (walk.problems.length > 0) return refusal(label, walk.problems);
  const copied = await copyItems(walk.items, target, rules, label, {
    open: (item) => createReadStream(item.source),
    sourceProblem: (item, error) => problem.unreadableFile(item.path, error.code ?? error.message)
  });
  return copied.ok ? { ...copied, warnings: pushSizeWarnings(walk.items.filter((i) => i.kind === "file")) } : copied;
}

// src/submission/staging-zip.ts
import path8 from "node:path";
var import_yauzl = __toESM(require_yauzl(), 1);

// src/submission/zip-entry.ts
var S_IFMT = 61440;
var TYPES = /* @__PURE__ */ new Map([
  [32768, "file"],
  [16384, "dir"],
  [40960, "symlink"],
  [49152, "socket"],
  [24576, "block device"],
  [8192, "character device"],
  [4096, "named pipe (FIFO)"]
]);
function classifyZipEntry(entry, name, endsWithSlash) {
  const fileType = entry.externalFileAttributes >>> 16 & S_IFMT;
  const type = fileType === 0 ? void 0 : TYPES.get(fileType) ?? "file of unknown type";
  if (type === "symlink") return { ok: false, problem: problem.symlink(name) };
  if (type !== void 0 && type !== "file" && type !== "dir")
    return { ok: false, problem: problem.special(name, type) };
  if (type === "dir" && !endsWithSlash) return { ok: false, problem: problem.folderMismatch(name) };
  if (endsWithSlash) return { ok: true, kind: "dir", executable: false };
  if ((entry.generalPurposeBitFlag & 1) !== 0) return { ok: false, problem: problem.encrypted(name) };
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    return { ok: false, problem: problem.compression(name, entry.compressionMethod) };
  }
  const executable = (entry.externalFileAttributes >>> 16 & 73) !== 0;
  return { ok: true, kind: "file", executable };
}

// src/submission/staging-zip.ts
async function stageZip(zipPath, target, rules) {
  const label = path8.basename(zipPath);
  let zip;
  try {
    zip = await import_yauzl.default.openPromise(zipPath, {
      // Names are decoded and checked by us (names.ts), so that a bad name becomes a
      // problem in the list rather than an error that stops the reading.
      decodeStrings: false,
      validateEntrySizes: true,
      autoClose: false
    });
  } catch (e) {
    return refusal(label, [problem.unreadableZip(messageOf(e))]);
  }
  try {
    const listed = await listEntries(zip, rules);
    if (!Array.isArray(listed)) return refusal(label, listed.problems);
    return await extract(zip, listed, target, rules, label);
  } finally {
    zip.close();
  }
}
async function listEntries(zip, rules) {
  if (zip.entryCount > rules.maxFiles) return { problems: [problem.tooManyFiles(rules.maxFiles)] };
  const items = [];
  const seenOnly = [];
  const problems = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const raw = import_yauzl.default.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
      const name = checkName(raw);
      if (!name.ok) {
        problems.push(name.problem);
        continue;
      }
      if (name.path === "") continue;
      const kind = classifyZipEntry(entry, name.path, name.endsWithSlash);
      if (kind.ok) {
        items.push({
          path: name.path,
          kind: kind.kind,
          executable: kind.executable,
          size: entry.uncompressedSize,
          entry
        });
      } else {
        problems.push(kind.problem);
        seenOnly.push({ path: name.path, kind: name.endsWithSlash ? "dir" : "file" });
      }
    }
  } catch (e) {
    return { problems: [...problems, problem.unreadableZip(messageOf(e))] };
  }
  problems.push(...checkInventory([...items, ...seenOnly], rules, "zip"));
  return problems.length > 0 ? { problems } : items;
}
async function extract(zip, items, target, rules, label) {
  return copyItems(items, target, rules, label, {
    open: (item) => zip.openReadStreamPromise(item.entry),
    sourceProblem: (item, error) => problem.corruptEntry(item.path, error.message)
  });
}

// src/submission/staging.ts
async function stageSubmission(input, target, rules) {
  await assertEmptyDir(target);
  const kind = await inputKind(input);
  switch (kind) {
    case "dir": {
      const zip = await onlyZip(input, rules.exclude);
      return zip === void 0 ? stageDir(input, target, rules) : withZipWarnings(zip, await stageZip(zip, target, rules));
    }
    case "zip":
      return withZipWarnings(input, await stageZip(input, target, rules));
    case "missing":
      return refusal(void 0, [problem.missingInput(input)]);
    case "symlink":
      return refusal(void 0, [problem.symlinkInput(input)]);
    case "other":
      return refusal(void 0, [problem.notFolderOrZip(input)]);
  }
}
async function inputKind(input) {
  let stats;
  try {
    stats = await lstat3(path9.resolve(input));
  } catch (e) {
    if (e.code === "ENOENT") return "missing";
    throw e;
  }
  if (stats.isSymbolicLink()) return "symlink";
  if (stats.isDirectory()) return "dir";
  if (stats.isFile() && input.toLowerCase().endsWith(".zip")) return "zip";
  return "other";
}
async function onlyZip(dir, exclude = []) {
  const excluded = excludeMatcher(exclude);
  const entries = await readdir4(dir, { withFileTypes: true }).catch(() => []);
  const kept = entries.filter((e) => !excluded(e.name, e.isDirectory()));
  if (kept.length !== 1 || kept[0].name !== SUBMISSION_ZIP) return void 0;
  const zip = path9.join(dir, SUBMISSION_ZIP);
  const stats = await lstat3(zip).catch(() => void 0);
  return stats?.isFile() ? zip : void 0;
}
async function withZipWarnings(zip, result) {
  if (!result.ok) return result;
  const { size } = await stat(zip);
  return { ...result, warnings: pushSizeWarnings([{ path: path9.basename(zip), size }], true) };
}

export {
  largestFiles,
  pushSizeWarnings,
  refusal,
  problem,
  checkName,
  require_picomatch2 as require_picomatch,
  submissionRules,
  mountsInsideWorkdir,
  reservedRootNames,
  excludeMatcher,
  largestOf,
  walkSubmission,
  FILE_MODE,
  DIR_MODE,
  ByteBudget,
  OverBudget,
  budgetGuard,
  modeOf,
  stageSubmission,
  inputKind,
  flattenSetupConfig,
  setupConfigExclude
};
