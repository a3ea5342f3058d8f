/* Fuzz target: opening a pack from memory as the kiosk does
 * (ik_content_open_bytes, app/content/content.c: the signed trailer and
 * manifest split off and checked, sqlite3_deserialize read-only with the
 * defensive settings and limits, quick_check, the schema and golden help
 * numbers checked), then a short read of what the kiosk shows first: topics
 * and a page, help lines, the areas, a browse and a search, in Italian and one
 * other language.
 *
 * Input: the bytes of a pack file. Seeds: fuzz/corpus/pack_open (small) and,
 * from run.sh, the repository's built pack with truncated and bit-flipped
 * copies of it. Opened without a trusted key: with one, nearly every mutation
 * would stop at the signature, and the trust of a signature is not what is
 * fuzzed here; the trailer's and manifest's length and hash are still checked.
 *
 * Checks: a refused pack sets an error message (and with
 * FUZZ_PACK_MUST_OPEN=1, as the replay of the built pack runs, is a failure); an open pack answers the
 * read API with consistent counts, or NULL with an error message (a pack
 * changed after its quick_check can fail a query, never crash it). */
#include "fuzz_common.h"

#include "incontro/content.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ik_log_set_level(IK_LOG_ERROR);
    return 0;
}

/* A NULL list must come with the reason. */
static void need_reason(const void *list, const char *what)
{
    if (!list && !*ik_error()) {
        fprintf(stderr, "%s failed without an error message\n", what);
        abort();
    }
}

static void read_lang(IkContent *c, const char *lang)
{
    size_t n = 0;
    ik_error_clear();
    IkTopic *topics = ik_content_topics(c, lang, &n);
    need_reason(topics, "ik_content_topics");
    for (size_t i = 0; topics && i < n; i++) {
        if (!topics[i].id || !topics[i].title)
            abort();
        if (i > 1)
            continue;   /* two pages are enough to reach the block reader */
        size_t bn = 0;
        bool fallback = false;
        IkBlock *blocks = ik_content_topic_blocks(c, lang, topics[i].id, &bn, &fallback);
        for (size_t b = 0; blocks && b < bn; b++)
            if (!blocks[b].text)
                abort();
        ik_blocks_free(blocks, bn);
    }
    ik_topics_free(topics, n);
    ik_error_clear();
    IkHelpline *lines = ik_content_helplines(c, lang, &n);
    need_reason(lines, "ik_content_helplines");
    for (size_t i = 0; lines && i < n; i++)
        if (!lines[i].id || !lines[i].number)
            abort();
    ik_helplines_free(lines, n);
    IkTerm *terms = ik_content_terms(c, lang, "area", &n);
    ik_terms_free(terms, n);
    (void)ik_content_ui(c, lang, "home.title");
    (void)ik_content_plural(c, lang, "ui:results.count", 3);
    static const char *const queries[] = {"", "scuola", "ansia"};
    for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
        IkSearchFilter filter = {.age = -1, .now = 1750075200, .limit = q ? 0 : 5};
        ik_error_clear();
        IkSearchResult *r = ik_content_search(c, lang, queries[q], &filter, &n);
        need_reason(r, "ik_content_search");
        for (size_t i = 0; r && i < n; i++)
            if (!r[i].id || !r[i].name)
                abort();
        if (r && n) {
            IkService *s = ik_content_service(c, lang, r[0].id);
            if (s)
                (void)ik_service_open_at(s, 1750075200);
            ik_service_free(s);
        }
        ik_search_results_free(r, n);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ik_error_clear();
    IkContent *c = ik_content_open_bytes("fuzz.pack", data, size, NULL);
    if (!c) {
        if (!*ik_error()) {
            fprintf(stderr, "a refused pack without an error message\n");
            abort();
        }
        /* the replay of a good pack (ctest) must reach the read API */
        const char *must = getenv("FUZZ_PACK_MUST_OPEN");
        if (must && *must == '1') {
            fprintf(stderr, "refused: %s\n", ik_error());
            abort();
        }
        return 0;
    }
    (void)ik_content_meta(c, "version");
    (void)ik_content_manifest(c);
    (void)ik_content_expired(c, 1750075200);
    size_t langs = ik_content_language_count(c);
    if (!ik_content_language_find(c, "it"))
        abort();    /* open promises Italian */
    read_lang(c, "it");
    if (langs > 1)
        read_lang(c, ik_content_language(c, langs - 1)->code);
    ik_content_close(c);
    return 0;
}
