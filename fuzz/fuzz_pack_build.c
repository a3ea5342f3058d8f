/* Fuzz target: a whole content tree built from one input, then read back
 * through the content API as the kiosk does.
 *
 * The tree is the test fixture tests/data/pack/ok (copied once into the
 * scratch folder); the input is split at each "\n@@@@\n" into up to
 * FILE_COUNT parts, part i replacing the i-th file of `files` below (missing
 * parts keep the fixture's file). The tree goes through ik_pack_build() into
 * a pack file, which -- when the build succeeds -- is opened with
 * ik_content_open() and read in every language: topics and their pages, help
 * lines, taxonomies, search (browse and a query), every service found, the
 * catalog and plurals, then info and export-hsds. */
#include <time.h>

#include "fuzz_common.h"

#include "incontro/content.h"
#include "incontro/pack.h"

#define SEPARATOR "\n@@@@\n"

static const char *const files[] = {
    "content/interface.csv",
    "content/topics/it/bullying.md",
    "content/directory/service.csv",
    "translations/en.po",
    "content/directory/attribute.csv",
    "content/directory/schedule.csv",
    "content/topics.csv",
    "content/languages.csv",
    "content/topics/en/rights.md",
    "content/helplines.csv",
    "content/directory/location.csv",
    "content/directory/address.csv",
    "content/directory/phone.csv",
    "content/directory/service_at_location.csv",
    "content/directory/taxonomy_term.csv",
    "content/directory/organization.csv",
    "content/directory/language.csv",
    "content/directory/service_area.csv",
    "content/synonyms.csv",
};
#define FILE_COUNT (sizeof files / sizeof *files)

static char *tree, *paths[FILE_COUNT], *originals[FILE_COUNT], *out_pack, *export_dir;
static size_t original_sizes[FILE_COUNT];
static char *fixture;

static int copy_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    const char *rel = path + strlen(fixture);
    while (*rel == '/')
        rel++;
    char *dst = *rel ? ik_path_join(tree, rel) : ik_xstrdup(tree);
    if (flag == FTW_D) {
        fuzz_mkdirs(dst);
    } else if (flag == FTW_F) {
        size_t n = 0;
        char *text = ik_file_read(path, &n);
        if (!text)
            abort();
        fuzz_write(dst, text, n);
        free(text);
    }
    free(dst);
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ik_log_set_level(IK_LOG_ERROR);
    fixture = ik_path_join(fuzz_source_dir(), "tests/data/pack/ok");
    tree = ik_path_join(fuzz_tmpdir(), "tree");
    if (nftw(fixture, copy_one, 16, FTW_PHYS) != 0) {
        fprintf(stderr, "fuzz_pack_build: cannot copy %s\n", fixture);
        abort();
    }
    for (size_t i = 0; i < FILE_COUNT; i++) {
        paths[i] = ik_path_join(tree, files[i]);
        originals[i] = ik_file_read(paths[i], &original_sizes[i]);
        if (!originals[i]) {
            fprintf(stderr, "fuzz_pack_build: %s\n", ik_error());
            abort();
        }
    }
    out_pack = ik_path_join(fuzz_tmpdir(), "out.pack");
    export_dir = ik_path_join(fuzz_tmpdir(), "export");
    return 0;
}

static void read_service(IkContent *c, const char *lang, const char *id)
{
    IkService *s = ik_content_service(c, lang, id);
    if (!s)
        return;
    /* a Monday noon and a Sunday night, summer and winter */
    (void)ik_service_open_at(s, 1750075200);
    (void)ik_service_open_at(s, 1734912000);
    for (size_t i = 0; i < s->phone_count; i++)
        if (!s->phones[i].number)
            abort();
    ik_service_free(s);
}

static void read_pack(IkContent *c, const uint8_t *data, size_t size)
{
    (void)ik_content_meta(c, "version");
    (void)ik_content_has_demo(c);
    (void)ik_content_service_count(c);
    /* a query from the input's first bytes, as a reader could type it */
    char *query = fuzz_str(data, size < 24 ? size : 24);
    for (size_t li = 0; li < ik_content_language_count(c); li++) {
        const IkLanguage *l = ik_content_language(c, li);
        const char *lang = l->code;
        size_t n = 0;
        IkTopic *topics = ik_content_topics(c, lang, &n);
        for (size_t i = 0; topics && i < n; i++) {
            size_t bn = 0;
            bool fallback = false;
            IkBlock *blocks = ik_content_topic_blocks(c, lang, topics[i].id, &bn, &fallback);
            ik_blocks_free(blocks, bn);
        }
        ik_topics_free(topics, n);
        IkHelpline *lines = ik_content_helplines(c, lang, &n);
        ik_helplines_free(lines, n);
        static const char *const taxonomies[] = {"area", "category", "flag"};
        for (size_t t = 0; t < 3; t++) {
            IkTerm *terms = ik_content_terms(c, lang, taxonomies[t], &n);
            ik_terms_free(terms, n);
        }
        (void)ik_content_ui(c, lang, "home.title");
        (void)ik_content_text(c, lang, "ui:contact.line");
        for (long k = 0; k < 4; k++)
            (void)ik_content_plural(c, lang, "ui:results.count", k);
        (void)ik_content_has_text(c, lang, "ui:home.title");
        IkSearchFilter filter = {.age = -1, .now = 1750075200};
        IkSearchResult *r = ik_content_search(c, lang, "", &filter, &n);
        if (!r)
            abort();   /* "NULL only on a real failure" */
        for (size_t i = 0; i < n; i++)
            read_service(c, lang, r[i].id);
        ik_search_results_free(r, n);
        filter.open_now = true;
        filter.free_only = true;
        filter.age = 15;
        r = ik_content_search(c, lang, query, &filter, &n);
        if (!r)
            abort();
        ik_search_results_free(r, n);
    }
    free(query);
    (void)ik_content_fallback_count(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *p = data, *end = data + size;
    size_t seplen = strlen(SEPARATOR);
    for (size_t i = 0; i < FILE_COUNT; i++) {
        if (p && p <= end) {
            const uint8_t *q = memmem(p, (size_t)(end - p), SEPARATOR, seplen);
            size_t n = q ? (size_t)(q - p) : (size_t)(end - p);
            fuzz_write(paths[i], p, n);
            p = q ? q + seplen : NULL;
        } else {
            fuzz_write(paths[i], originals[i], original_sizes[i]);
        }
    }
    IkPackOptions o = {0};
    char *content = ik_path_join(tree, "content");
    char *translations = ik_path_join(tree, "translations");
    o.content_dir = content;
    o.translations_dir = translations;
    o.version = "1";
    IkDiag *diag = ik_diag_create(NULL, 20);
    unlink(out_pack);
    bool ok = ik_pack_build(&o, out_pack, diag);
    if (ok) {
        IkContent *c = ik_content_open(out_pack);
        if (!c) {
            fprintf(stderr, "a pack that built does not open: %s\n", ik_error());
            abort();
        }
        read_pack(c, data, size);
        ik_content_close(c);
        FILE *null = fopen("/dev/null", "w");
        if (null) {
            ik_pack_info(out_pack, null);
            fclose(null);
        }
        ik_pack_export_hsds(out_pack, export_dir);
        fuzz_rm_tree(export_dir);
    } else if (ik_file_exists(out_pack)) {
        fprintf(stderr, "a failed build wrote its output\n");
        abort();
    }
    (void)ik_diag_text(diag);
    ik_diag_destroy(diag);
    free(content);
    free(translations);
    return 0;
}
