/* Fuzz target: directory search (ik_content_search, app/content/search.c)
 * with arbitrary query bytes and filters, on a real pack: $IK_PACK, else
 * build/incontro.pack under the repository; when that is missing or has no
 * search index, a pack built once from the repository's content/ and
 * translations/ into the scratch folder.
 *
 * Input: 8 filter bytes, then the query. The query is cut at its first NUL
 * (the API takes a C string). Also fuzzes ik_search_normalize on the bytes. */
#include "fuzz_common.h"

#include "incontro/content.h"
#include "incontro/pack.h"

static IkContent *content;
static char **lang_codes;
static size_t lang_count;

static const char *const areas[] = {"piana-fi-po", "area-aretina", "valli-etrusche", "nowhere", ""};
static const char *const categories[] = {"civic-orientation", "education-individual",
                                         "education-group", "psychological-support",
                                         "parenting-support", "demo", "x", ""};
static const char *const spoken[] = {"it", "en", "ar", "uk", "zh", "xx", ""};

/* A pack that opens and has a search index, or NULL. */
static IkContent *try_open(const char *path)
{
    IkContent *c = ik_content_open(path);
    if (!c) {
        fprintf(stderr, "fuzz_search_query: %s\n", ik_error());
        return NULL;
    }
    IkSearchFilter f = {.age = -1};
    size_t n = 0;
    IkSearchResult *r = ik_content_search(c, "it", "", &f, &n);
    if (!r) {
        fprintf(stderr, "fuzz_search_query: %s: %s\n", path, ik_error());
        ik_content_close(c);
        return NULL;
    }
    ik_search_results_free(r, n);
    fprintf(stderr, "fuzz_search_query: %s (%zu services)\n", path, n);
    return c;
}

/* Builds the repository's pack into the scratch folder. */
static char *build_pack(void)
{
    char *p = ik_path_join(fuzz_tmpdir(), "incontro.pack");
    char *c = ik_path_join(fuzz_source_dir(), "content");
    char *t = ik_path_join(fuzz_source_dir(), "translations");
    IkPackOptions o = {.content_dir = c, .translations_dir = t, .version = "1"};
    IkDiag *diag = ik_diag_create(stderr, 20);
    if (!ik_pack_build(&o, p, diag)) {
        fprintf(stderr, "fuzz_search_query: cannot build the repository's pack\n");
        abort();
    }
    ik_diag_destroy(diag);
    free(c);
    free(t);
    return p;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ik_log_set_level(IK_LOG_ERROR);
    const char *env = getenv("IK_PACK");
    char *path = env && *env ? ik_xstrdup(env)
                             : ik_path_join(fuzz_source_dir(), "build/incontro.pack");
    if (ik_file_exists(path))
        content = try_open(path);
    free(path);
    if (!content) {
        /* none, or a stale one (e.g. built before the search index existed) */
        path = build_pack();
        content = try_open(path);
        free(path);
    }
    if (!content)
        abort();
    lang_count = ik_content_language_count(content);
    lang_codes = ik_xcalloc(lang_count + 2, sizeof(char *));
    for (size_t i = 0; i < lang_count; i++)
        lang_codes[i] = ik_xstrdup(ik_content_language(content, i)->code);
    lang_codes[lang_count++] = ik_xstrdup("xx");   /* not in the pack */
    lang_codes[lang_count++] = ik_xstrdup("");
    return 0;
}

#define PICK(arr, v) ((v) % (sizeof arr / sizeof *arr + 1) == sizeof arr / sizeof *arr \
                          ? NULL : arr[(v) % (sizeof arr / sizeof *arr + 1)])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzIn in = {data, size};
    const char *lang = lang_codes[fuzz_byte(&in) % lang_count];
    IkSearchFilter f = {0};
    unsigned a = fuzz_byte(&in), c = fuzz_byte(&in), s = fuzz_byte(&in);
    f.area = PICK(areas, a);
    f.category = PICK(categories, c);
    f.language = PICK(spoken, s);
    f.home_area = PICK(areas, a >> 4);
    unsigned flags = fuzz_byte(&in);
    f.open_now = flags & 1;
    f.free_only = flags & 2;
    f.now = (time_t)1700000000 + (time_t)(flags >> 2) * 86400 * 7 + (time_t)fuzz_byte(&in) * 3600;
    f.age = (int)fuzz_byte(&in) - 20;          /* -20..235: -1 is any */
    f.limit = (int)fuzz_byte(&in) % 40 - 5;    /* <= 0 is no limit */
    char *query = fuzz_str(in.data, in.size);
    size_t n = 0;
    IkSearchResult *r = ik_content_search(content, lang, query, &f, &n);
    if (!r) {
        fprintf(stderr, "search failed (must not on any query): %s\n", ik_error());
        abort();
    }
    if (f.limit > 0 && n > (size_t)f.limit) {
        fprintf(stderr, "%zu results past the limit %d\n", n, f.limit);
        abort();
    }
    for (size_t i = 0; i < n; i++)
        if (!r[i].id || !r[i].name) {
            fprintf(stderr, "result %zu without id or name\n", i);
            abort();
        }
    ik_search_results_free(r, n);
    free(ik_search_normalize((const char *)in.data, in.size));
    free(query);
    return 0;
}
