'use strict';

/*
 * The rule for chat text, the twin of chatroom.chat.common.ChatText: the page checks a message
 * before sending it, with the very words the server would answer. The browser test compares the
 * two on the same inputs, so they cannot drift apart.
 */
const ChatText = (() => {
  const MAX_CHARS = 4096;
  const MAX_WIRE_BYTES = 7168;

  // What Java's String.isBlank counts as white space (Character.isWhitespace): not U+00A0.
  const BLANK = /^[\t\n\u000B\f\r\u001C-\u001F \u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000]*$/;

  function isForbiddenControl(c) {
    const control = c <= 0x1f || (c >= 0x7f && c <= 0x9f);
    return control && c !== 0x09 && c !== 0x0a;
  }

  /** Bytes inside an envelope: the payload's escapes, escaped once more by the envelope. */
  function wireBytes(content) {
    let bytes = 0;
    for (const character of content) {
      const c = character.codePointAt(0);
      if (c === 0x22 || c === 0x5c) {
        bytes += 4;
      } else if (c === 0x0a || c === 0x09) {
        bytes += 3;
      } else if (c < 0x20) {
        bytes += 7;
      } else if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (c < 0x10000) {
        bytes += 3;
      } else {
        bytes += 4;
      }
    }
    return bytes;
  }

  /** Why the text cannot be sent, or null if it can. */
  function problem(content) {
    if (BLANK.test(content)) {
      return 'the message is empty';
    }
    const codePoints = Array.from(content);
    if (codePoints.length > MAX_CHARS) {
      return 'the message is longer than ' + MAX_CHARS + ' characters';
    }
    if (codePoints.some((character) => isForbiddenControl(character.codePointAt(0)))) {
      return 'the message contains control characters';
    }
    if (wireBytes(content) > MAX_WIRE_BYTES) {
      return 'the message is too long: at most ' + MAX_WIRE_BYTES + ' bytes once sent';
    }
    return null;
  }

  return { problem, wireBytes, MAX_CHARS, MAX_WIRE_BYTES };
})();
