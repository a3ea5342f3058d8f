/* Directory search: running an expression over the rows and ranking them.
 * The rows are found through the groups worth intersecting, from the
 * pack's lists of the services holding each term (search_post.c) or from
 * FTS5's doclists, whichever the plan prices lower (or the rows are those
 * of the few services a filter lets through); each row's
 * terms, as search_row holds them by number, then say whether it matches
 * the whole expression and in which columns each phrase occurs, as FTS5
 * would, and rank it: per token the best field weight and expansion
 * quality, exact and prefix matches above near spellings; each service
 * keeps its best row, a row in the reader's language raised; the kiosk's
 * own area is raised by the caller. Through FTS5, the doclists of the
 * common groups ("di", a facet most services hold, the two letters being
 * typed) are not read unless they take away more rows than they cost.
 * Languages an earlier step ranked whole with the same expression are
 * counted, not ranked again.
 *
 * [SECTION] phrases as term numbers   [SECTION] one row   [SECTION] rank
 * [SECTION] rows read lately   [SECTION] where the rows come from
 * [SECTION] rows FTS5 found lately   [SECTION] the run */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "search_internal.h"

/* a word in the name says more than the same word deep in a description */
static const double column_weight[IK_SEARCH_NCOL] = {10.0, 6.0, 5.0, 4.0, 4.0, 3.0, 1.5};
/* the short fields: name, organization, category, area, city, languages */
#define SHORT_COLUMNS 0x3f
#define ALL_COLUMNS ((1 << IK_SEARCH_NCOL) - 1)

/* ---- [SECTION] phrases as term numbers ------------------------------------ */
typedef struct {
    IkSearchTerms *words;   /* the phrase's words in order (the last a prefix's terms) */
    char **text;            /* the words as FTS5's tokenizer cut them */
    size_t *len;
    int nword;              /* 0: matches nothing (FTS5 reads an empty phrase so) */
    bool prefix;            /* the last word is a prefix */
    bool held;              /* every word is a term some row holds */
    uint8_t columns;        /* the columns it is sought in */
    double rows;            /* rows of the language being run holding it (about) */
    double lists;           /* search_post lists read per language for it; < 0: it
                             * cannot be read from them */
    IkSearchPostWord *post; /* its words as the lists read them */
} Phrase;

typedef struct {
    sqlite3 *db;
    const IkSearchExpr *e;
    const IkSearchRows *rows;
    sqlite3_int64 first, last;  /* the rows being run: languages from..to */
    long from, to;
    sqlite3_int64 seen;     /* every row up to this one was looked at */
    struct Ranked *record;  /* the rows ranked, for the next keystroke */
    long by_lang[IK_SEARCH_LANGS_MAX + 1];  /* rows ranked per language so far */
    long ranked, read;      /* rows ranked, and found by FTS5, so far in the run */
    IkSearchWords *words;   /* the connection's, or the run's own */
    bool own_words;
    bool posts;             /* the pack lists the services holding each term */
    IkSearchTokenizer *tok; /* the connection's */
    Phrase *phrases;        /* e's, by number */
    IkSearchFound *found;   /* per phrase, for the row being matched */
    uint64_t *starts;       /* bit n: term n can start a phrase */
    uint32_t nwords;
    /* the phrases a term starts: exact first words by hash, prefixes listed */
    uint32_t *slot_term;    /* open addressing: term number + 1, 0 empty */
    int *slot_phrase;       /* the first phrase of that term, chained by next */
    size_t nslot;           /* a power of two */
    int *next;              /* per phrase: the next one with the same first term, -1 */
    int *ranged;            /* the phrases whose first word is a prefix */
    int nranged;
    struct IkSearchRowsKept *kept;  /* the connection's rows read lately, or NULL */
    sqlite3_blob *blob;     /* search_row's rows, moved from chunk to chunk */
    uint8_t *bytes;         /* the chunk read: its blob */
    size_t nchunk, cap;
    sqlite3_int64 chunk;    /* which (-1 none) */
    /* the row being matched: per column its term numbers and how many */
    const uint8_t *col[IK_SEARCH_NCOL];
    size_t ncol[IK_SEARCH_NCOL];
    unsigned width;         /* bytes per number */
} Run;

/* the words of a phrase's text, as FTS5's tokenizer reads a quoted phrase */
static void add_word(const char *term, size_t len, void *arg)
{
    Phrase *p = arg;
    p->text = ik_xrealloc(p->text, (size_t)p->nword + 1, sizeof *p->text);
    p->len = ik_xrealloc(p->len, (size_t)p->nword + 1, sizeof *p->len);
    p->text[p->nword] = ik_xstrndup(term, len);
    p->len[p->nword++] = len;
}

/* The phrase's words by number, its last word standing for every term it
 * starts when the phrase is a prefix. */
static void compile(Run *r, const IkSearchPhrase *src, Phrase *p)
{
    ik_search_tokenize_fts(r->tok, src->text, strlen(src->text), true, add_word, p);
    p->words = ik_xcalloc((size_t)p->nword + 1, sizeof *p->words);
    p->prefix = src->prefix;
    p->columns = r->rows->titles ? 1 : src->short_columns ? SHORT_COLUMNS : ALL_COLUMNS;
    p->held = p->nword > 0;
    for (int i = 0; i < p->nword; i++) {
        IkSearchTerms *t = &p->words[i];
        ik_search_words_find(r->words, p->text[i], p->len[i], p->prefix && i + 1 == p->nword, t);
        p->held &= t->lo <= t->hi && t->hi < r->nwords;
    }
    /* a word, or a prefix of two or three letters, is one list; another
     * prefix the lists of its terms */
    p->post = ik_xcalloc((size_t)p->nword + 1, sizeof *p->post);
    for (int i = 0; i < p->nword; i++) {
        const IkSearchTerms *t = &p->words[i];
        IkSearchPostWord *w = &p->post[i];
        *w = (IkSearchPostWord){t->lo, t->hi, p->prefix && i + 1 == p->nword,
                                ik_utf8_length(p->text[i], p->len[i])};
        if (!p->held || p->lists < 0)
            continue;
        if (!w->prefix || w->letters == 2 || w->letters == 3)
            p->lists += 1;
        else
            p->lists = t->hi - t->lo + 1 <= IK_SEARCH_POST_RANGE_MAX
                       ? p->lists + (t->hi - t->lo + 1) : -1;
    }
}

/* how many rows of language l (-1: of every language) hold phrase p: of
 * its words, the one fewest rows hold */
static double phrase_rows(Run *r, const Phrase *p, long l)
{
    double fewest = p->held ? 1e300 : 0;
    for (int i = 0; p->held && i < p->nword; i++) {
        double rows = ik_search_words_rows(r->words, &p->words[i], p->text[i], p->len[i],
                                           p->prefix && i + 1 == p->nword, l);
        if (rows < fewest)
            fewest = rows;
    }
    return fewest;
}

/* how many rows of languages from..to hold each phrase, about: those of
 * every language less those of the others when from..to are most */
static void estimate(Run *r, long from, long to)
{
    long others = 0;
    for (long l = 0; l <= IK_SEARCH_LANGS_MAX; l++)
        others += (l < from || l > to) && ik_search_rows_of(r->words, l) > 0;
    for (int k = 0; k < r->e->nphrase; k++) {
        Phrase *p = &r->phrases[k];
        if (others < to - from + 1) {
            p->rows = phrase_rows(r, p, -1);
            for (long l = 0; p->rows > 0 && l <= IK_SEARCH_LANGS_MAX; l++)
                if ((l < from || l > to) && ik_search_rows_of(r->words, l) > 0)
                    p->rows -= phrase_rows(r, p, l);
            if (p->rows < 0)
                p->rows = 0;
        } else {
            p->rows = 0;
            for (long l = from; l <= to; l++)
                p->rows += phrase_rows(r, p, l);
        }
    }
}

/* The phrases each term can start: bits to pass the other terms over at
 * one test each; exact first words in a hash, prefixes in a list. */
static void index_phrases(Run *r)
{
    int np = r->e->nphrase;
    r->nslot = 16;
    while (r->nslot < 2 * (size_t)np)
        r->nslot *= 2;
    r->slot_term = ik_xcalloc(r->nslot, sizeof *r->slot_term);
    r->slot_phrase = ik_xcalloc(r->nslot, sizeof *r->slot_phrase);
    r->next = ik_xcalloc((size_t)np + 1, sizeof *r->next);
    r->ranged = ik_xcalloc((size_t)np + 1, sizeof *r->ranged);
    /* backwards, so each chain lists its phrases in order */
    for (int i = np - 1; i >= 0; i--) {
        const Phrase *p = &r->phrases[i];
        r->next[i] = -1;
        if (!p->held)
            continue;
        for (uint32_t n = p->words[0].lo; n <= p->words[0].hi; n++)
            r->starts[n / 64] |= (uint64_t)1 << (n % 64);
        if (p->words[0].lo != p->words[0].hi)
            continue;
        uint32_t n = p->words[0].lo;
        size_t h = (n * 2654435761u) & (r->nslot - 1);
        while (r->slot_term[h] && r->slot_term[h] != n + 1)
            h = (h + 1) & (r->nslot - 1);
        r->next[i] = r->slot_term[h] ? r->slot_phrase[h] : -1;
        r->slot_term[h] = n + 1;
        r->slot_phrase[h] = i;
    }
    for (int i = 0; i < np; i++)
        if (r->phrases[i].held && r->phrases[i].words[0].lo != r->phrases[i].words[0].hi)
            r->ranged[r->nranged++] = i;
}

static bool compile_all(Run *r)
{
    r->words = ik_search_words(r->db, &r->own_words);
    r->nwords = ik_search_words_count(r->words);
    r->posts = ik_search_words_posts(r->words);
    if (!(r->tok = ik_search_words_tokenizer(r->words)))
        return false;
    r->phrases = ik_xcalloc((size_t)r->e->nphrase + 1, sizeof *r->phrases);
    r->found = ik_xcalloc((size_t)r->e->nphrase + 1, sizeof *r->found);
    r->starts = ik_xcalloc((size_t)r->nwords / 64 + 1, sizeof *r->starts);
    for (int i = 0; i < r->e->nphrase; i++)
        compile(r, &r->e->phrases[i], &r->phrases[i]);
    index_phrases(r);
    return true;
}

static void run_free(Run *r)
{
    for (int i = 0; r->phrases && i < r->e->nphrase; i++) {
        Phrase *p = &r->phrases[i];
        for (int k = 0; k < p->nword; k++)
            free(p->text[k]);
        free(p->text);
        free(p->len);
        free(p->words);
        free(p->post);
    }
    free(r->phrases);
    free(r->found);
    free(r->starts);
    if (r->own_words)
        ik_search_words_free(r->words);
    if (r->blob)
        sqlite3_blob_close(r->blob);
    free(r->bytes);
    free(r->slot_term);
    free(r->slot_phrase);
    free(r->next);
    free(r->ranged);
}

/* ---- [SECTION] one row ------------------------------------------------------ */
/* the columns a run reads: the names alone, or all */
static int columns_of(const Run *r)
{
    return r->rows->titles ? 1 : IK_SEARCH_NCOL;
}

/* Reads search_row's blob of a row (the columns the run reads) into
 * r->col and r->ncol; false when it is damaged. */
static bool read_row(Run *r, const uint8_t *blob, size_t size)
{
    if (size < 1 || blob[0] < 2 || blob[0] > 4)
        return false;
    unsigned w = r->width = blob[0];
    size_t at = 1;
    for (int c = 0; c < columns_of(r); c++) {
        if (at + w > size)
            return false;
        size_t n = ik_search_number_at(blob + at, w);
        at += w;
        if (n > (size - at) / w)
            return false;
        r->col[c] = blob + at;
        r->ncol[c] = n;
        at += n * w;
    }
    return true;
}

/* term i of column c of the row */
static inline uint32_t term(const Run *r, int c, size_t i)
{
    return ik_search_number_at(r->col[c] + i * r->width, r->width);
}

static bool in(const IkSearchTerms *t, uint32_t n)
{
    return n >= t->lo && n <= t->hi;
}

/* whether phrase k occurs at term i of column c (its words one after
 * another); if so, marks its column */
static void try_phrase(Run *r, int k, int c, size_t i)
{
    const Phrase *p = &r->phrases[k];
    if (!(p->columns >> c & 1) || !p->held || i + (size_t)p->nword > r->ncol[c])
        return;
    for (int w = 1; w < p->nword; w++)
        if (!in(&p->words[w], term(r, c, i + (size_t)w)))
            return;
    r->found[k].columns |= (uint8_t)(1 << c);
    if (c == IK_SEARCH_COL_NAME && i == 0)
        r->found[k].name_start = true;
}

/* the phrases that may start at term i (number n) of column c, each tried */
static void try_term(Run *r, int c, size_t i, uint32_t n)
{
    size_t h = (n * 2654435761u) & (r->nslot - 1);
    while (r->slot_term[h] && r->slot_term[h] != n + 1)
        h = (h + 1) & (r->nslot - 1);
    for (int k = r->slot_term[h] ? r->slot_phrase[h] : -1; k >= 0; k = r->next[k])
        try_phrase(r, k, c, i);
    for (int j = 0; j < r->nranged; j++)
        if (in(&r->phrases[r->ranged[j]].words[0], n))
            try_phrase(r, r->ranged[j], c, i);
}

/* The terms of column c that can start a phrase, tried; numbers of width
 * bytes, a constant where it is inlined, so that the loop over every term
 * of a row (most of ranking it) does not test the width per term. */
static inline void scan_column(Run *r, int c, unsigned width)
{
    const uint8_t *at = r->col[c];
    const uint64_t *starts = r->starts;
    uint32_t nwords = r->nwords;
    for (size_t i = 0, count = r->ncol[c]; i < count; i++, at += width) {
        uint32_t n = ik_search_number_at(at, width);
        if (n < nwords && (starts[n / 64] >> (n % 64) & 1))
            try_term(r, c, i, n);
    }
}

/* Which columns each phrase occurs in, and whether it starts the name, as
 * FTS5 finds phrases: its words one after another in one column. */
static void find_phrases(Run *r)
{
    memset(r->found, 0, (size_t)r->e->nphrase * sizeof *r->found);
    for (int c = 0; c < columns_of(r); c++) {
        switch (r->width) {
        case 2: scan_column(r, c, 2); break;
        case 3: scan_column(r, c, 3); break;
        default: scan_column(r, c, 4); break;
        }
    }
}

bool ik_search_matches(const IkSearchExpr *e, const IkSearchFound *found)
{
    bool any = false, all = true;
    for (int i = 0; i < e->nphrase;) {
        int t = e->phrases[i].token;
        bool group = false;
        for (; i < e->nphrase && e->phrases[i].token == t; i++)
            group |= found[i].columns != 0;
        any |= group;
        all &= group;
    }
    return e->all ? all && e->nphrase > 0 : any;
}

/* ---- [SECTION] rank --------------------------------------------------------- */
double ik_search_score(const IkSearchExpr *e, const IkSearchFound *found, bool *fuzzy)
{
    double best[IK_SEARCH_TOKENS_MAX] = {0}, exact[IK_SEARCH_TOKENS_MAX] = {0};
    for (int ph = 0; ph < e->nphrase; ph++) {
        const IkSearchPhrase *p = &e->phrases[ph];
        const IkSearchFound *f = &found[ph];
        if (!f->columns || p->token < 0 || p->token >= IK_SEARCH_TOKENS_MAX)
            continue;
        for (int col = 0; col < IK_SEARCH_NCOL; col++) {
            if (!(f->columns >> col & 1))
                continue;
            double s = p->quality * column_weight[col];
            /* a word that starts the name is what the reader is looking for */
            if (col == IK_SEARCH_COL_NAME && s * 1.25 > best[p->token] && f->name_start)
                s *= 1.25;
            if (s > best[p->token])
                best[p->token] = s;
            if (!p->fuzzy && s > exact[p->token])
                exact[p->token] = s;
        }
    }
    double sum = 0, sum_exact = 0;
    int matched = 0;
    *fuzzy = false;
    for (int t = 0; t < e->ntoken && t < IK_SEARCH_TOKENS_MAX; t++)
        if (best[t] > 0) {
            sum += best[t];
            sum_exact += exact[t];
            matched++;
            *fuzzy |= exact[t] <= 0;
        }
    /* the OR fallback ranks by how many tokens matched first */
    return matched * 1000.0 + (*fuzzy ? sum : sum_exact);
}

void ik_search_keep(IkSearchHits *hits, long long rowid, double score, bool fuzzy, long lang_n)
{
    long svc = (long)(rowid & IK_SEARCH_SERVICE_MASK), l = (long)(rowid >> IK_SEARCH_LANG_SHIFT);
    if (l == lang_n)
        score *= IK_SEARCH_LANG_BOOST;
    IkSearchHit *h = &hits->by_service[svc];
    if (h->score == 0)
        hits->found[hits->count++] = svc;
    /* an exact row beats any near-spelling row of the same service */
    if (h->score == 0 || (h->fuzzy && !fuzzy) || (h->fuzzy == fuzzy && score > h->score))
        *h = (IkSearchHit){svc, score, fuzzy};
}

/* ---- [SECTION] rows read lately, kept per connection ------------------------- */
/* A keystroke reads mostly the rows the one before read (the reader adds a
 * letter): their blobs are kept, up to ROWS_KEPT_BYTES, then dropped
 * together. Rows no service has (a language a service has no text in) are
 * kept as such. */
#define ROWS_KEPT_BYTES (8u << 20)

struct IkSearchRowsKept {
    sqlite3_int64 *key;     /* open addressing: rowid + 1, 0 empty */
    uint32_t *at;           /* its blob at bytes[at]: a length, then the blob; or NONE */
    size_t nslot, count;    /* nslot a power of two */
    uint8_t *bytes;
    size_t nbytes;
};
#define NONE UINT32_MAX

void ik_search_rows_kept_free(struct IkSearchRowsKept *k)
{
    if (!k)
        return;
    free(k->key);
    free(k->at);
    free(k->bytes);
    free(k);
}

static struct IkSearchRowsKept *kept_of(sqlite3 *db)
{
    IkSearchCache *cache = ik_search_cache(db);
    if (!cache)
        return NULL;
    struct IkSearchRowsKept *k = cache->rows_kept;
    if (!k || k->nbytes + 4096 > ROWS_KEPT_BYTES || 2 * k->count >= k->nslot) {
        /* full: start again */
        ik_search_rows_kept_free(k);
        k = cache->rows_kept = ik_xcalloc(1, sizeof *k);
        k->nslot = 65536;
        k->key = ik_xcalloc(k->nslot, sizeof *k->key);
        k->at = ik_xcalloc(k->nslot, sizeof *k->at);
        k->bytes = ik_xmalloc(ROWS_KEPT_BYTES);
    }
    return k;
}

static size_t slot_of(const struct IkSearchRowsKept *k, sqlite3_int64 rowid)
{
    size_t h = (size_t)(((uint64_t)rowid * 0x9E3779B97F4A7C15ull) >> 32) & (k->nslot - 1);
    while (k->key[h] && k->key[h] != rowid + 1)
        h = (h + 1) & (k->nslot - 1);
    return h;
}

/* The blob of row rowid of search_row (*data, *size), from the rows kept or
 * read and kept; false when there is no such row. */
/* Reads the blob of chunk id of search_row into r->bytes (r->nchunk bytes;
 * 0 when there is none). A blob handle moved from chunk to chunk costs less
 * than a statement. */
static void read_chunk(Run *r, sqlite3_int64 id)
{
    int rc = r->blob ? sqlite3_blob_reopen(r->blob, id)
                     : sqlite3_blob_open(r->db, "main", "search_row", "rows", id, 0, &r->blob);
    int n = rc == SQLITE_OK ? sqlite3_blob_bytes(r->blob) : 0;
    if (rc != SQLITE_OK) {
        if (r->blob)
            sqlite3_blob_close(r->blob);    /* a handle that failed is spent */
        r->blob = NULL;
    }
    if ((size_t)n > r->cap) {
        r->cap = 2 * (size_t)n;
        r->bytes = ik_xrealloc(r->bytes, r->cap, 1);
    }
    r->chunk = id;
    r->nchunk = n > 0 && sqlite3_blob_read(r->blob, r->bytes, n, 0) == SQLITE_OK ? (size_t)n : 0;
}

/* row rowid in the chunk read (*data, *size); false when it has none */
static bool in_chunk(const Run *r, sqlite3_int64 rowid, const uint8_t **data, size_t *size)
{
    size_t head = IK_SEARCH_CHUNK * 4;
    if (r->nchunk < head)
        return false;
    int i = (int)(rowid & (IK_SEARCH_CHUNK - 1));
    uint32_t at = ik_search_number_at(r->bytes + 4 * i, 4), end = (uint32_t)r->nchunk;
    for (int k = i + 1; k < IK_SEARCH_CHUNK && end == r->nchunk; k++) {
        uint32_t next = ik_search_number_at(r->bytes + 4 * k, 4);
        if (next != IK_SEARCH_NO_ROW)
            end = next;
    }
    if (at == IK_SEARCH_NO_ROW || at < head || at > end || end > r->nchunk)
        return false;
    *data = r->bytes + at;
    *size = end - at;
    return true;
}

/* The blob of row rowid (*data, *size), from the rows kept or read (its
 * chunk) and kept; false when there is no such row. */
static bool fetch(Run *r, sqlite3_int64 rowid, const uint8_t **data, size_t *size)
{
    struct IkSearchRowsKept *k = r->kept;
    size_t h = k ? slot_of(k, rowid) : 0;
    if (k && k->key[h]) {
        if (k->at[h] == NONE)
            return false;
        uint32_t n = 0;
        memcpy(&n, k->bytes + k->at[h], sizeof n);
        *data = k->bytes + k->at[h] + sizeof n;
        *size = n;
        return true;
    }
    sqlite3_int64 id = rowid >> IK_SEARCH_CHUNK_SHIFT;
    if (id != r->chunk)
        read_chunk(r, id);
    bool there = in_chunk(r, rowid, data, size);
    /* kept while the bytes fit and the table is at most half full (then a
     * free slot always ends a probe) */
    if (k && 2 * (k->count + 1) < k->nslot &&
        k->nbytes + sizeof(uint32_t) + (there ? *size : 0) <= ROWS_KEPT_BYTES) {
        k->key[h] = rowid + 1;
        k->at[h] = there ? (uint32_t)k->nbytes : NONE;
        k->count++;
        if (there) {
            uint32_t len = (uint32_t)*size;
            memcpy(k->bytes + k->nbytes, &len, sizeof len);
            memcpy(k->bytes + k->nbytes + sizeof len, *data, *size);
            *data = k->bytes + k->nbytes + sizeof len;
            k->nbytes += sizeof len + *size;
        }
    }
    return there;
}

/* Matches and ranks the row rowid (if search_row has it); true when it was
 * ranked. */
static void recorded(Run *r, sqlite3_int64 rowid);

static bool rank_row(Run *r, sqlite3_int64 rowid, IkSearchHits *hits)
{
    size_t size = 0;
    const uint8_t *data = NULL;
    r->seen = rowid;
    if (!fetch(r, rowid, &data, &size) || !read_row(r, data, size))
        return false;
    find_phrases(r);
    bool fuzzy = false;
    double s = ik_search_matches(r->e, r->found) ? ik_search_score(r->e, r->found, &fuzzy) : 0;
    if (s <= 0)
        return false;
    ik_search_keep(hits, rowid, s, fuzzy, r->rows->lang_n);
    r->by_lang[(rowid >> IK_SEARCH_LANG_SHIFT) & IK_SEARCH_LANGS_MAX]++;
    recorded(r, rowid);
    return true;
}

/* ---- [SECTION] where the rows come from ------------------------------------- */
/* costs in instructions (measured): FTS5 reading an entry of a doclist it
 * intersects, giving a row it found, and a row matched and ranked on its
 * terms */
#define COST_WALK 900.0
#define COST_FOUND 1200.0
#define COST_RANKED 3000.0
/* the same from the services' lists (search_post): seeking a word's
 * lists, reading one language's list of them, reading a service of it,
 * giving a row */
#define COST_POST_SEEK 6000.0
#define COST_POST_LIST 1500.0
#define COST_POST_WALK 15.0
#define COST_POST_FOUND 40.0

/* How the rows of one language are found. */
typedef struct {
    bool none;              /* a group no row holds: nothing matches */
    bool *groups;           /* per token: its group is intersected */
    bool posts;             /* from the services' lists (search_post), else FTS5 */
    double found;           /* rows found, at most */
    double cost;            /* of finding them and ranking those that pass */
} Plan;

/* Which groups to intersect to find the rows of the languages (range rows,
 * langs languages), FTS5's doclists or the services' lists (posts): the
 * rarest, then each other one whose reading costs less than ranking the
 * rows it would take away costs (taking the groups' rows as independent);
 * a group left out is checked on the rows found. ORed groups: all of them. */
static void plan_with(const Run *r, double range, double langs, bool posts, Plan *p)
{
    const IkSearchExpr *e = r->e;
    int n = e->ntoken;
    double *held = ik_xcalloc((size_t)n + 1, sizeof *held);
    double *walk = ik_xcalloc((size_t)n + 1, sizeof *walk);
    int *order = ik_xcalloc((size_t)n + 1, sizeof *order);
    p->groups = ik_xcalloc((size_t)n + 1, sizeof *p->groups);
    p->posts = posts;
    /* a group's rows: those of its phrases, taken as independent; reading
     * it costs its phrases' entries, and with the lists one look-up each */
    for (int t = 0; t < n; t++)
        held[t] = 1;
    for (int i = 0; i < e->nphrase; i++) {
        int t = e->phrases[i].token;
        double rows = r->phrases[i].rows < range ? r->phrases[i].rows : range;
        if (t >= 0 && t < n && range > 0) {
            held[t] *= 1 - rows / range;
            walk[t] += posts ? rows * COST_POST_WALK +
                                   r->phrases[i].lists * (COST_POST_SEEK + langs * COST_POST_LIST)
                             : rows * COST_WALK;
        }
    }
    p->none = e->nphrase == 0 || range <= 0;
    bool any = false;
    for (int t = 0; t < n; t++) {
        held[t] = range * (1 - held[t]);
        p->none |= e->all && held[t] <= 0;
        any |= held[t] > 0;
        /* by rows held, fewest first */
        int k = t;
        for (; k > 0 && held[order[k - 1]] > held[t]; k--)
            order[k] = order[k - 1];
        order[k] = t;
    }
    p->none |= !any;
    double share = r->rows->passes && r->rows->nservice > 0
                 ? (double)r->rows->npass / (double)r->rows->nservice : 1;
    double cost_found = posts ? COST_POST_FOUND : COST_FOUND;
    double read = 0, found = e->all ? range : 0;
    for (int k = 0; k < n && range > 0; k++) {
        int t = order[k];
        double after = e->all ? found * held[t] / range : found + held[t];
        if (!e->all || k == 0 || walk[t] < (found - after) * (cost_found + share * COST_RANKED)) {
            p->groups[t] = true;
            read += walk[t];
            found = after;
        }
    }
    p->found = found < range ? found : range;
    p->cost = read + p->found * (cost_found + share * COST_RANKED);
    free(held);
    free(walk);
    free(order);
}

/* the cheaper of the two ways; the lists only where every phrase can be
 * read from them */
static void plan(const Run *r, double range, double langs, Plan *p)
{
    plan_with(r, range, langs, false, p);
    bool listed = r->posts;
    for (int i = 0; listed && i < r->e->nphrase; i++)
        listed = r->phrases[i].lists >= 0;
    if (listed) {
        Plan q = {0};
        plan_with(r, range, langs, true, &q);
        if (q.cost < p->cost) {
            free(p->groups);
            *p = q;
        } else {
            free(q.groups);
        }
    }
}

/* the statement finding the rows of fts from rowid first to the run's
 * last, bound; NULL with ik_error() */
static sqlite3_stmt *start_fts(Run *r, const char *fts, sqlite3_int64 first)
{
    const char *sql = r->rows->titles
        ? "SELECT rowid FROM search_title_fts WHERE search_title_fts MATCH ?1"
          " AND rowid BETWEEN ?2 AND ?3"
        : "SELECT rowid FROM search_fts WHERE search_fts MATCH ?1 AND rowid BETWEEN ?2 AND ?3";
    sqlite3_stmt *st = ik_search_stmt(r->db, r->rows->titles ? IK_SEARCH_STMT_MATCH_TITLE
                                                            : IK_SEARCH_STMT_MATCH, sql);
    if (st) {
        sqlite3_bind_text(st, 1, fts ? fts : "", -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, first);
        sqlite3_bind_int64(st, 3, r->last);
    }
    return st;
}

/* ---- [SECTION] rows FTS5 found lately, kept per connection ------------------ */
/* A keystroke often asks FTS5 for the rows of the same groups as the one
 * before (the words typed before the one being typed): the rowids found
 * for the last FOUND_KEPT queries are kept, each as far as it was read. */
#define FOUND_KEPT 16

typedef struct {
    char *key;              /* table, rows and FTS5 expression; NULL: free */
    sqlite3_int64 *rowid;   /* the rows found, in order */
    size_t count, cap;
    bool whole;             /* all of them */
    unsigned long used;     /* when last used */
} FoundList;

struct IkSearchFoundKept {
    FoundList lists[FOUND_KEPT];
    unsigned long clock;
};

void ik_search_found_kept_free(struct IkSearchFoundKept *k)
{
    for (int i = 0; k && i < FOUND_KEPT; i++) {
        free(k->lists[i].key);
        free(k->lists[i].rowid);
    }
    free(k);
}

/* the connection's list for key, emptied for it when it was not kept;
 * NULL when the connection keeps none */
static FoundList *found_list(sqlite3 *db, const char *key)
{
    IkSearchCache *cache = ik_search_cache(db);
    if (!cache)
        return NULL;
    if (!cache->found_kept)
        cache->found_kept = ik_xcalloc(1, sizeof *cache->found_kept);
    struct IkSearchFoundKept *k = cache->found_kept;
    FoundList *oldest = &k->lists[0];
    for (int i = 0; i < FOUND_KEPT; i++) {
        FoundList *l = &k->lists[i];
        if (l->key && !strcmp(l->key, key)) {
            l->used = ++k->clock;
            return l;
        }
        if (!l->key || l->used < oldest->used)
            oldest = l;
    }
    free(oldest->key);
    oldest->key = ik_xstrdup(key);
    oldest->count = 0;
    oldest->whole = false;
    oldest->used = ++k->clock;
    return oldest;
}

/* The rows from from to the run's last that the plan's groups may match,
 * from the services' lists; false when the pack has none or they cannot
 * say (FTS5 finds the rows then). */
static bool post_rows(const Run *r, const Plan *p, sqlite3_int64 from, IkSearchRowids *out)
{
    if (!p->posts)
        return false;
    int n = r->e->nphrase;
    IkSearchPostPhrase *phrases = ik_xcalloc((size_t)n + 1, sizeof *phrases);
    for (int i = 0; i < n; i++) {
        const Phrase *ph = &r->phrases[i];
        phrases[i] = (IkSearchPostPhrase){r->e->phrases[i].token, ph->post,
                                          ph->held ? ph->nword : 0};
    }
    IkSearchPostQuery q = {phrases, n, r->e->ntoken, p->groups, r->e->all, r->rows->titles,
                           r->rows->nservice};
    bool ok = ik_search_post_rows(r->db, r->words, &q, from, r->last, out);
    free(phrases);
    return ok;
}

/* Ranks the rows FTS5 finds through the plan's groups, in rowid order
 * (those found lately first, FTS5 asked only past them). False when the
 * rows were not all read (too many, or an FTS5 error). */
static bool rank_found(Run *r, const Plan *p, IkSearchHits *hits)
{
    const IkSearchRows *rows = r->rows;
    IkBuf fts = {0};
    ik_search_expr_fts(r->e, p->groups, true, &fts);
    char *key = ik_xasprintf("%c%lld-%lld %s", rows->titles ? 'T' : 'F', (long long)r->first,
                             (long long)r->last, fts.data ? fts.data : "");
    FoundList *kept = found_list(r->db, key);
    free(key);
    sqlite3_stmt *st = NULL;
    size_t next = 0;        /* in the kept list */
    bool whole = false;
    /* past the rows kept: from the services' lists, all at once, or FTS5 */
    sqlite3_int64 from = kept && kept->count ? kept->rowid[kept->count - 1] + 1 : r->first;
    IkSearchRowids post = {0};
    size_t posted = 0;      /* in post */
    bool listed = !(kept && kept->whole) && post_rows(r, p, from, &post);
    while (r->ranked < IK_SEARCH_ROWS_MAX && r->read < IK_SEARCH_READ_MAX) {
        sqlite3_int64 rowid;
        if (kept && next < kept->count) {
            rowid = kept->rowid[next++];
        } else if (kept && kept->whole) {
            whole = true;
            break;
        } else {
            if (!listed && !st && !(st = start_fts(r, fts.data, from)))
                break;
            int rc = listed ? (posted < post.count ? SQLITE_ROW : SQLITE_DONE) : sqlite3_step(st);
            if (rc != SQLITE_ROW) {
                /* every token is quoted, so an error is not the reader's
                 * doing: log it and show nothing rather than an error */
                if (rc != SQLITE_DONE)
                    ik_log(IK_LOG_WARN, "search: %s (%s)", sqlite3_errmsg(r->db), fts.data);
                whole = rc == SQLITE_DONE;
                if (kept)
                    kept->whole = whole;
                break;
            }
            rowid = listed ? post.rowid[posted++] : sqlite3_column_int64(st, 0);
            if (kept) {
                if (kept->count == kept->cap) {
                    kept->cap = kept->cap ? 2 * kept->cap : 256;
                    kept->rowid = ik_xrealloc(kept->rowid, kept->cap, sizeof *kept->rowid);
                }
                kept->rowid[kept->count++] = rowid;
                next = kept->count;
            }
        }
        r->read++;
        r->seen = rowid;
        long svc = (long)(rowid & IK_SEARCH_SERVICE_MASK);
        if (svc > 0 && svc <= rows->nservice && (!rows->passes || rows->passes[svc]))
            r->ranked += rank_row(r, rowid, hits);
    }
    if (st)
        sqlite3_reset(st);
    free(post.rowid);
    ik_buf_free(&fts);
    return whole;
}

/* Ranks the rows of the filter's services in the languages being run, in
 * rowid order. False when they were not all ranked (too many). */
static bool rank_passing(Run *r, IkSearchHits *hits)
{
    const IkSearchRows *rows = r->rows;
    for (long l = r->from; l <= r->to; l++) {
        if (ik_search_rows_of(r->words, l) <= 0)
            continue;
        for (size_t i = 0; i < rows->npass; i++) {
            if (r->ranked == IK_SEARCH_ROWS_MAX)
                return false;
            sqlite3_int64 rowid = ((sqlite3_int64)l << IK_SEARCH_LANG_SHIFT) | rows->pass_list[i];
            if (rowid >= r->first && rowid <= r->last) {
                r->ranked += rank_row(r, rowid, hits);
                r->seen = rowid;
            }
        }
    }
    return true;
}

/* ---- [SECTION] the rows the keystroke before ranked ---------------------- */
/* A reader adds a letter or a word: the rows the new expression matches
 * are then among those the one before matched, as far as it looked (each
 * of its groups finds no row the same group before did not). Those rows
 * are ranked again instead of being found anew; past them the rows are
 * found as usual. Kept per connection for the last RUNS_KEPT runs. */
#define RUNS_KEPT 16

struct Ranked {
    char *key;              /* names or whole rows, rows run, filter; NULL: free */
    IkSearchPhrase *phrases;    /* the expression (texts owned) */
    int nphrase, ntoken;
    bool all;
    sqlite3_int64 *rowid;   /* the rows it ranked, in order */
    size_t count, cap;
    sqlite3_int64 seen;     /* it looked at every row up to this one */
    unsigned long used;
};

struct IkSearchRunsKept {
    struct Ranked runs[RUNS_KEPT];
    unsigned long clock;
};

static void ranked_clear(struct Ranked *k)
{
    for (int i = 0; i < k->nphrase; i++)
        free(k->phrases[i].text);
    free(k->phrases);
    free(k->rowid);
    free(k->key);
    memset(k, 0, sizeof *k);
}

void ik_search_runs_kept_free(struct IkSearchRunsKept *k)
{
    for (int i = 0; k && i < RUNS_KEPT; i++)
        ranked_clear(&k->runs[i]);
    free(k);
}

static void recorded(Run *r, sqlite3_int64 rowid)
{
    struct Ranked *k = r->record;
    if (!k)
        return;
    if (k->count == k->cap) {
        k->cap = k->cap ? 2 * k->cap : 256;
        k->rowid = ik_xrealloc(k->rowid, k->cap, sizeof *k->rowid);
    }
    k->rowid[k->count++] = rowid;
}

/* true when phrase q finds every row phrase p finds: the same phrase, or a
 * prefix the first word of p starts; in as many columns */
static bool within(const IkSearchPhrase *p, const IkSearchPhrase *q)
{
    if (q->short_columns && !p->short_columns)
        return false;
    if (!q->prefix)
        return !p->prefix && !strcmp(p->text, q->text);
    return !strchr(q->text, ' ') && ik_str_starts_with(p->text, q->text);
}

/* true when every row e matches, k's expression matched: both AND every
 * group, and each group of k has a group in e whose every phrase a phrase
 * of it covers */
static bool narrower(const IkSearchExpr *e, const struct Ranked *k)
{
    if (!e->all || !k->all || e->ntoken < k->ntoken)
        return false;
    for (int i = 0; i < e->nphrase; i++) {
        const IkSearchPhrase *p = &e->phrases[i];
        if (p->token >= k->ntoken)
            continue;   /* a word more: fewer rows */
        bool covered = false;
        for (int j = 0; !covered && j < k->nphrase; j++)
            covered = k->phrases[j].token == p->token && within(p, &k->phrases[j]);
        if (!covered)
            return false;
    }
    return true;
}

/* the key of the rows being run: names or whole rows, the rows, the filter */
static char *ranked_key(const Run *r)
{
    return ik_xasprintf("%c%lld-%lld|%s", r->rows->titles ? 'T' : 'F', (long long)r->first,
                        (long long)r->last, r->rows->filter);
}

/* the runs kept, NULL when the connection keeps none or the filter is not
 * known by name */
static struct IkSearchRunsKept *runs_kept(const Run *r)
{
    IkSearchCache *cache = r->rows->filter ? ik_search_cache(r->db) : NULL;
    if (cache && !cache->runs_kept)
        cache->runs_kept = ik_xcalloc(1, sizeof *cache->runs_kept);
    return cache ? cache->runs_kept : NULL;
}

/* A fresh record of the run, replacing the one of the same rows (or the
 * oldest) when the run ends; *before: the one before to rank again, if e
 * is narrower than its expression. */
static struct Ranked *ranked_begin(Run *r, const struct Ranked **before)
{
    struct IkSearchRunsKept *kept = runs_kept(r);
    *before = NULL;
    if (!kept)
        return NULL;
    char *key = ranked_key(r);
    for (int i = 0; i < RUNS_KEPT; i++)
        if (kept->runs[i].key && !strcmp(kept->runs[i].key, key) &&
            narrower(r->e, &kept->runs[i]))
            *before = &kept->runs[i];
    struct Ranked *k = ik_xcalloc(1, sizeof *k);
    k->key = key;
    k->phrases = ik_xcalloc((size_t)r->e->nphrase + 1, sizeof *k->phrases);
    for (int i = 0; i < r->e->nphrase; i++) {
        k->phrases[i] = r->e->phrases[i];
        k->phrases[i].text = ik_xstrdup(r->e->phrases[i].text);
    }
    k->nphrase = r->e->nphrase;
    k->ntoken = r->e->ntoken;
    k->all = r->e->all;
    return k;
}

/* keeps the record of the run (whole: it looked at all its rows) */
static void ranked_end(Run *r, struct Ranked *k, bool whole)
{
    struct IkSearchRunsKept *kept = runs_kept(r);
    if (!k || !kept) {
        if (k)
            ranked_clear(k);
        free(k);
        return;
    }
    k->seen = whole ? r->last : r->seen;
    struct Ranked *slot = &kept->runs[0];
    for (int i = 0; i < RUNS_KEPT; i++) {
        struct Ranked *e = &kept->runs[i];
        if (e->key && !strcmp(e->key, k->key)) {
            slot = e;
            break;
        }
        if (!e->key || e->used < slot->used)
            slot = e;
    }
    ranked_clear(slot);
    *slot = *k;
    slot->used = ++kept->clock;
    free(k);
}

/* ---- [SECTION] the run ------------------------------------------------------ */
/* true when ranking again the rows the keystroke before ranked, then
 * finding the rows past those it looked at, costs less than finding them
 * all as the plan does (the rows past, by the rows of their languages) */
static bool before_cheaper(const Run *r, const struct Ranked *before, const Plan *p, double range)
{
    double past = 0;
    if (before->seen < r->first) {
        past = range;
    } else if (before->seen < r->last) {
        long at = (long)(before->seen >> IK_SEARCH_LANG_SHIFT);
        double svc = (double)(before->seen & IK_SEARCH_SERVICE_MASK);
        double n = r->rows->nservice > 0 ? (double)r->rows->nservice : 1;
        for (long l = at; l <= r->to; l++)
            past += ik_search_rows_of(r->words, l) * (l == at && svc < n ? 1 - svc / n : 1);
        if (past > range)
            past = range;
    }
    double share = range > 0 ? past / range : 1;
    return (double)before->count * COST_RANKED + share * p->cost < p->cost;
}

/* The rows of languages from..to, found the cheapest way. False when they
 * were not all ranked. */
static bool run_languages(Run *r, IkSearchHits *hits)
{
    double range = 0, langs = 0;
    for (long l = r->from; l <= r->to; l++) {
        double n = ik_search_rows_of(r->words, l);
        range += n;
        langs += n > 0;
    }
    estimate(r, r->from, r->to);
    Plan p = {0};
    plan(r, range, langs, &p);
    const struct Ranked *before = NULL;
    struct Ranked *record = ranked_begin(r, &before);
    r->seen = r->first - 1;
    r->record = record;
    bool whole = true;
    if (before && !p.none && before_cheaper(r, before, &p, range)) {
        /* the rows the keystroke before ranked, while most of them still
         * match; then the rows past those looked at are found as usual */
        size_t i = 0;
        long ranked0 = r->ranked;
        for (; i < before->count && r->ranked < IK_SEARCH_ROWS_MAX; i++) {
            if (i >= 64 && 3 * (size_t)(r->ranked - ranked0) < i)
                break;  /* fewer than a third do: finding them costs less */
            r->ranked += rank_row(r, before->rowid[i], hits);
        }
        if (r->ranked == IK_SEARCH_ROWS_MAX)
            whole = false;
        else if (i == before->count)
            r->seen = before->seen;
        r->first = r->seen + 1;
        if (!whole || r->first > r->last)
            p.none = true;  /* nothing more to find */
    }
    if (p.none) {
        ;   /* nothing matches */
    } else if (r->rows->pass_list && (double)r->rows->npass * langs * COST_RANKED < p.cost) {
        /* few services pass the filter: their rows cost less than the rows
         * FTS5 would find, most of which the filter drops */
        whole = rank_passing(r, hits);
    } else {
        whole = rank_found(r, &p, hits);
    }
    free(p.groups);
    r->record = NULL;
    ranked_end(r, record, whole);
    return whole;
}

/* true when language l was ranked whole by an earlier run of the same
 * expression, and its rows would fit in this one's count */
static bool done_before(const Run *r, long l)
{
    const long *done = r->rows->done;
    return done && done[l] >= 0 && r->ranked + done[l] < IK_SEARCH_ROWS_MAX;
}

bool ik_search_run(sqlite3 *db, const IkSearchExpr *e, const IkSearchRows *rows,
                   IkSearchHits *hits)
{
    Run r = {.db = db, .e = e, .rows = rows, .kept = kept_of(db), .chunk = -1};
    if (!compile_all(&r)) {
        run_free(&r);
        return false;
    }
    long last = (long)(rows->last >> IK_SEARCH_LANG_SHIFT);
    if (last > IK_SEARCH_LANGS_MAX)
        last = IK_SEARCH_LANGS_MAX;
    for (int l = 0; rows->ranked && l <= IK_SEARCH_LANGS_MAX; l++)
        rows->ranked[l] = -1;
    /* in rowid order, as FTS5 would give the rows: the languages ranked
     * whole before are counted, not ranked again; those between them are
     * run together */
    for (long l = (long)(rows->first >> IK_SEARCH_LANG_SHIFT); l <= last;) {
        if (r.ranked >= IK_SEARCH_ROWS_MAX || r.read >= IK_SEARCH_READ_MAX)
            break;
        if (done_before(&r, l)) {
            r.ranked += rows->done[l];
            if (rows->ranked)
                rows->ranked[l] = rows->done[l];
            l++;
            continue;
        }
        r.from = l;
        r.to = l;
        while (r.to < last && !(rows->done && rows->done[r.to + 1] >= 0))
            r.to++;
        r.first = (sqlite3_int64)r.from << IK_SEARCH_LANG_SHIFT;
        r.last = ((sqlite3_int64)r.to << IK_SEARCH_LANG_SHIFT) | IK_SEARCH_SERVICE_MASK;
        if (r.first < rows->first)
            r.first = rows->first;
        if (r.last > rows->last)
            r.last = rows->last;
        memset(r.by_lang, 0, sizeof r.by_lang);
        bool whole = run_languages(&r, hits);
        for (long k = r.from; whole && rows->ranked && k <= r.to; k++)
            rows->ranked[k] = r.by_lang[k];
        l = r.to + 1;
    }
    run_free(&r);
    return true;
}

struct IkSearchMatcher {
    IkSearchRows rows;
    Run run;
};

IkSearchMatcher *ik_search_matcher_create(sqlite3 *db, const IkSearchExpr *e, bool titles)
{
    IkSearchMatcher *m = ik_xcalloc(1, sizeof *m);
    m->rows.titles = titles;
    m->run = (Run){.db = db, .e = e, .rows = &m->rows, .kept = kept_of(db), .chunk = -1};
    if (!compile_all(&m->run)) {
        ik_search_matcher_destroy(m);
        return NULL;
    }
    return m;
}

bool ik_search_matcher_row(IkSearchMatcher *m, long long rowid, IkSearchFound *found)
{
    size_t size = 0;
    const uint8_t *data = NULL;
    if (!fetch(&m->run, rowid, &data, &size) || !read_row(&m->run, data, size))
        return false;
    find_phrases(&m->run);
    memcpy(found, m->run.found, (size_t)m->run.e->nphrase * sizeof *found);
    return true;
}

void ik_search_matcher_destroy(IkSearchMatcher *m)
{
    if (!m)
        return;
    run_free(&m->run);
    free(m);
}

bool ik_search_listed_rows(sqlite3 *db, const IkSearchExpr *e, bool titles, long nservice,
                           long long first, long long last, IkSearchRowids *out)
{
    IkSearchRows rows = {.titles = titles, .nservice = nservice};
    Run r = {.db = db, .e = e, .rows = &rows, .last = last, .chunk = -1};
    bool ok = compile_all(&r);
    bool *groups = ik_xcalloc((size_t)e->ntoken + 1, sizeof *groups);
    for (int t = 0; t < e->ntoken; t++)
        groups[t] = true;
    Plan p = {.groups = groups, .posts = true};
    ok = ok && post_rows(&r, &p, first, out);
    free(groups);
    run_free(&r);
    return ok;
}

int ik_search_hit_cmp(const void *a, const void *b)
{
    const IkSearchHit *x = a, *y = b;
    if (x->fuzzy != y->fuzzy)
        return x->fuzzy - y->fuzzy;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return (x->s > y->s) - (x->s < y->s);
}
