/* Evaluates a gettext Plural-Forms expression ("nplurals=3; plural=(n==1 ?
 * 0 : n%10>=2 && ...);") for a count: C operators on n, no side effects.
 * A malformed expression yields -1 so the caller falls back. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "plural.h"

typedef struct {
    const char *p;
    long n;
    bool bad;
    int depth;
} Ev;

static long cond(Ev *e);

static void skip(Ev *e)
{
    while (*e->p == ' ' || *e->p == '\t' || *e->p == '\n')
        e->p++;
}

static bool eat(Ev *e, const char *tok)
{
    skip(e);
    size_t n = strlen(tok);
    if (strncmp(e->p, tok, n) == 0) {
        /* do not split "<=" into "<" or "==" into "=" */
        if (n == 1 && (tok[0] == '<' || tok[0] == '>' || tok[0] == '!' || tok[0] == '=') && e->p[1] == '=')
            return false;
        if (n == 1 && (tok[0] == '&' || tok[0] == '|') && e->p[1] == tok[0])
            return false;
        e->p += n;
        return true;
    }
    return false;
}

static long primary(Ev *e)
{
    skip(e);
    if (++e->depth > 100) {
        e->bad = true;
        return 0;
    }
    long v = 0;
    if (eat(e, "(")) {
        v = cond(e);
        if (!eat(e, ")"))
            e->bad = true;
    } else if (eat(e, "!")) {
        v = !primary(e);
    } else if (*e->p == 'n') {
        e->p++;
        v = e->n;
    } else if (isdigit((unsigned char)*e->p)) {
        v = strtol(e->p, (char **)&e->p, 10);
    } else {
        e->bad = true;
    }
    e->depth--;
    return v;
}

static long mul(Ev *e)
{
    long v = primary(e);
    for (;;) {
        if (eat(e, "*")) v *= primary(e);
        else if (eat(e, "/")) { long r = primary(e); v = r ? v / r : (e->bad = true, 0); }
        else if (eat(e, "%")) { long r = primary(e); v = r ? v % r : (e->bad = true, 0); }
        else return v;
    }
}

static long add(Ev *e)
{
    long v = mul(e);
    for (;;) {
        if (eat(e, "+")) v += mul(e);
        else if (eat(e, "-")) v -= mul(e);
        else return v;
    }
}

static long rel(Ev *e)
{
    long v = add(e);
    for (;;) {
        if (eat(e, "<=")) v = v <= add(e);
        else if (eat(e, ">=")) v = v >= add(e);
        else if (eat(e, "<")) v = v < add(e);
        else if (eat(e, ">")) v = v > add(e);
        else return v;
    }
}

static long eq(Ev *e)
{
    long v = rel(e);
    for (;;) {
        if (eat(e, "==")) v = v == rel(e);
        else if (eat(e, "!=")) v = v != rel(e);
        else return v;
    }
}

static long and_(Ev *e)
{
    long v = eq(e);
    while (eat(e, "&&")) {
        long r = eq(e);
        v = v && r;
    }
    return v;
}

static long or_(Ev *e)
{
    long v = and_(e);
    while (eat(e, "||")) {
        long r = and_(e);
        v = v || r;
    }
    return v;
}

static long cond(Ev *e)
{
    long c = or_(e);
    if (eat(e, "?")) {
        long a = cond(e);
        if (!eat(e, ":"))
            e->bad = true;
        long b = cond(e);
        return c ? a : b;
    }
    return c;
}

int ik_plural_index(const char *plural_forms, long n)
{
    if (!plural_forms)
        return n == 1 ? 0 : 1;
    const char *np = strstr(plural_forms, "nplurals");
    const char *p = strstr(plural_forms, "plural=");
    if (np == NULL || p == NULL)
        return -1;
    if (p == np + 2)        /* "nplurals=" contains "plural=": find the next */
        p = strstr(np + 9, "plural=");
    if (!p)
        return -1;
    const char *q = np + 8;
    while (*q == ' ' || *q == '=')
        q++;
    long nplurals = strtol(q, NULL, 10);
    Ev e = {.p = p + 7, .n = n};
    long v = cond(&e);
    skip(&e);
    if (*e.p == ';')
        e.p++;
    skip(&e);
    if (e.bad || *e.p || v < 0 || v >= nplurals)
        return -1;
    return (int)v;
}
