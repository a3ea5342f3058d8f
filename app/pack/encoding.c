/* Every text file the pack reads must be UTF-8 (a byte-order mark allowed at
 * the start) with LF or CRLF line ends. What spreadsheets and editors write
 * instead (UTF-16, Latin-1, a NUL byte, old Mac line ends) is refused with a
 * message that names the encoding found and says how to save the file again:
 * never a silent guess. */
#include <string.h>

#include "internal.h"

static long line_of(const char *text, size_t off)
{
    long line = 1;
    for (const char *p = text; (p = memchr(p, '\n', off - (size_t)(p - text))); p++)
        line++;
    return line;
}

const char *ik_save_as_utf8(const char *path)
{
    if (ik_str_ends_with(path, ".csv"))
        return "save it again as UTF-8 with commas: in LibreOffice Calc, File > Save As, "
               "file type \"Text CSV (.csv)\", tick \"Edit filter settings\", then Character "
               "set \"Unicode (UTF-8)\" and Field delimiter \",\"; in Excel, File > Save As, "
               "type \"CSV UTF-8 (Comma delimited) (*.csv)\"";
    return "save it again as UTF-8 (in your text editor, choose the UTF-8 encoding when saving)";
}

/* UTF-16 has a byte-order mark, or a NUL in every other byte of ASCII text */
static bool looks_utf16(const unsigned char *s, size_t n)
{
    if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
        return true;
    size_t probe = n < 256 ? n & ~(size_t)1 : 256, even = 0, odd = 0;
    for (size_t i = 0; i < probe; i += 2) {
        even += s[i] == 0;
        odd += s[i + 1] == 0;
    }
    return probe >= 4 && (even > probe / 4 || odd > probe / 4);
}

/* Characters no content file should hold: control characters (C0 except tab
 * and line ends, DEL, C1: often a wrong-charset conversion), a carriage return
 * without its line feed (old Mac line ends: every line number would be wrong)
 * and a byte-order mark anywhere but at the start. text is valid UTF-8. */
static bool check_chars(const char *path, const char *text, size_t size, IkDiag *diag)
{
    for (size_t i = 0; i < size; i++) {
        unsigned char c = (unsigned char)text[i];
        unsigned next = i + 1 < size ? (unsigned char)text[i + 1] : 0;
        const char *what = NULL;
        unsigned cp = 0;
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
            what = "control character";
            cp = c;
        } else if (c == 0xC2 && next >= 0x80 && next <= 0x9F) {
            what = "control character";
            cp = next;
        } else if (c == '\r' && next != '\n') {
            ik_diag_error(diag, path, line_of(text, i),
                          "carriage return without a line feed (old Mac line ends?): save "
                          "the file with LF or CRLF line ends");
            return false;
        } else if (i > 0 && c == 0xEF && next == 0xBB && i + 2 < size &&
                   (unsigned char)text[i + 2] == 0xBF) {
            what = "byte-order mark inside the text:";
            cp = 0xFEFF;
        }
        if (what) {
            ik_diag_error(diag, path, line_of(text, i), "%s U+%04X (byte %zu)", what, cp, i);
            return false;
        }
    }
    return true;
}

bool ik_check_utf8(const char *path, const char *text, size_t size, IkDiag *diag)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t bad = 0;
    if (looks_utf16(s, size)) {
        ik_diag_error(diag, path, 1, "the file is UTF-16, not UTF-8: %s", ik_save_as_utf8(path));
        return false;
    }
    const char *nul = memchr(text, '\0', size);
    if (nul) {
        size_t at = (size_t)(nul - text);
        ik_diag_error(diag, path, line_of(text, at), "NUL byte (byte %zu): this is not a text "
                      "file, or not in UTF-8; %s", at, ik_save_as_utf8(path));
        return false;
    }
    if (!ik_utf8_valid(text, size, &bad)) {
        /* a lone byte of 0xA0-0xFF between ASCII is how Latin-1 and
         * Windows-1252 write accented letters (è is 0xE8) */
        bool latin = s[bad] >= 0xA0 && (bad + 1 == size || s[bad + 1] < 0x80);
        ik_diag_error(diag, path, line_of(text, bad), "invalid UTF-8 (byte %zu, 0x%02X)%s: %s",
                      bad, s[bad], latin ? ", as Latin-1 or Windows-1252 write accented letters"
                      : "", ik_save_as_utf8(path));
        return false;
    }
    return check_chars(path, text, size, diag);
}
