/* Directory search: ranking. An FTS5 auxiliary function scores each row by
 * the best field weight and expansion quality per token; each service keeps
 * its best row, exact and prefix matches above near spellings, a row in the
 * reader's language raised; the kiosk's own area is raised by the caller. */
#include <sqlite3.h>

#include "search_internal.h"

/* a word in the name says more than the same word deep in a description */
static const double column_weight[IK_SEARCH_NCOL] = {10.0, 6.0, 5.0, 4.0, 4.0, 3.0, 1.5};

static void rank_function(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                          int nval, sqlite3_value **val)
{
    IkSearchRank *r = nval > 0 ? sqlite3_value_pointer(val[0], "ik_search_rank") : NULL;
    if (!r) {
        sqlite3_result_double(ctx, 0);
        return;
    }
    if (r->passes) {
        sqlite3_int64 s = api->xRowid(fts) & IK_SEARCH_SERVICE_MASK;
        if (s <= 0 || s > r->nservice || !r->passes[s]) {
            r->row_fuzzy = true;
            sqlite3_result_double(ctx, 0);
            return;
        }
    }
    /* per token: the best of the exact/prefix/synonym phrases, and of all */
    double best[IK_SEARCH_TOKENS_MAX] = {0}, exact[IK_SEARCH_TOKENS_MAX] = {0};
    /* the columns each phrase occurs in (cheaper than every instance) */
    for (int ph = 0; ph < r->nphrase; ph++) {
        const IkSearchPhrase *p = &r->phrases[ph];
        Fts5PhraseIter it;
        int col = -1;
        if (api->xPhraseFirstColumn(fts, ph, &it, &col) != SQLITE_OK)
            continue;
        for (; col >= 0; api->xPhraseNextColumn(fts, &it, &col)) {
            if (col >= IK_SEARCH_NCOL)
                continue;
            double s = p->quality * column_weight[col];
            if (col == IK_SEARCH_COL_NAME && s * 1.25 > best[p->token]) {
                /* a word that starts the name is what the reader is looking for */
                Fts5PhraseIter pit;
                int icol = -1, off = -1;
                if (api->xPhraseFirst(fts, ph, &pit, &icol, &off) == SQLITE_OK &&
                    icol == IK_SEARCH_COL_NAME && off == 0)
                    s *= 1.25;
            }
            if (s > best[p->token])
                best[p->token] = s;
            if (!p->fuzzy && s > exact[p->token])
                exact[p->token] = s;
        }
    }
    /* a row is exact when every matched word matched without a near
     * spelling; it is then ranked by those matches alone */
    double score = 0, score_exact = 0;
    int matched = 0;
    r->row_fuzzy = false;
    for (int t = 0; t < r->ntoken && t < IK_SEARCH_TOKENS_MAX; t++)
        if (best[t] > 0) {
            score += best[t];
            score_exact += exact[t];
            matched++;
            r->row_fuzzy |= exact[t] <= 0;
        }
    if (!r->row_fuzzy)
        score = score_exact;
    /* the OR fallback ranks by how many words matched first */
    sqlite3_result_double(ctx, matched * 1000.0 + score);
}

static bool register_rank(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
        return ik_fail("search: this SQLite has no FTS5");
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    if (!api || api->iVersion < 2)
        return ik_fail("search: this SQLite has no FTS5");
    if (api->xCreateFunction(api, "ik_search_rank", NULL, rank_function, NULL) != SQLITE_OK)
        return ik_fail("search: cannot register the rank function");
    return true;
}

bool ik_search_run(sqlite3 *db, IkSearchExpr *e, bool titles, long long first, long long last,
                   long lang_n, IkSearchHits *hits, long nservice)
{
    /* rowids of one language are one range: FTS5 seeks straight to it */
    const char *sql = titles
        ? "SELECT rowid, ik_search_rank(search_title_fts, ?2) FROM search_title_fts"
          " WHERE search_title_fts MATCH ?1 AND rowid BETWEEN ?3 AND ?4"
        : "SELECT rowid, ik_search_rank(search_fts, ?2) FROM search_fts"
          " WHERE search_fts MATCH ?1 AND rowid BETWEEN ?3 AND ?4";
    IkSearchStatement id = titles ? IK_SEARCH_STMT_MATCH_TITLE : IK_SEARCH_STMT_MATCH;
    sqlite3_stmt *st = ik_search_stmt(db, id, sql);
    if (!st && (!register_rank(db) || !(st = ik_search_stmt(db, id, sql))))
        return false;
    sqlite3_bind_text(st, 1, e->expr.data, (int)e->expr.len, SQLITE_STATIC);
    sqlite3_bind_pointer(st, 2, &e->rank, "ik_search_rank", NULL);
    sqlite3_bind_int64(st, 3, first);
    sqlite3_bind_int64(st, 4, last);
    int rc;
    long read = 0, ranked = 0;
    while (read < IK_SEARCH_READ_MAX && ranked < IK_SEARCH_ROWS_MAX &&
           (rc = sqlite3_step(st)) == SQLITE_ROW) {
        read++;
        sqlite3_int64 rowid = sqlite3_column_int64(st, 0);
        long s = (long)(rowid & IK_SEARCH_SERVICE_MASK), l = (long)(rowid >> IK_SEARCH_LANG_SHIFT);
        if (s <= 0 || s > nservice)
            continue;
        double score = sqlite3_column_double(st, 1);
        if (score <= 0)
            continue;   /* filtered out */
        ranked++;
        if (l == lang_n)
            score *= IK_SEARCH_LANG_BOOST;
        IkSearchHit *h = &hits->by_service[s];
        bool fuzzy = e->rank.row_fuzzy;
        if (h->score == 0)
            hits->found[hits->count++] = s;
        /* an exact row beats any near-spelling row of the same service */
        if (h->score == 0 || (h->fuzzy && !fuzzy) || (h->fuzzy == fuzzy && score > h->score))
            *h = (IkSearchHit){s, score, fuzzy};
    }
    if (read == IK_SEARCH_READ_MAX || ranked == IK_SEARCH_ROWS_MAX)
        rc = SQLITE_DONE;   /* the rest is left out */
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);     /* the rank context lives on the caller's stack */
    if (rc != SQLITE_DONE) {
        /* every token is quoted, so this is not the reader's doing: log it
         * and show nothing rather than an error */
        ik_log(IK_LOG_WARN, "search: %s (%s)", sqlite3_errmsg(db), e->expr.data);
    }
    return true;
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
