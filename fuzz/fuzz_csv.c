/* Fuzz target: the HSDS/CSV reader (app/pack/csv.c, private header
 * app/pack/internal.h) on arbitrary bytes, then what the builder does with a
 * table: column look-ups, required columns, and the field validators of
 * app/pack/checks.c (ids, times, contact extraction) on every field.
 *
 * With FUZZ_CSV_ROUNDTRIP=1 it also checks that a table written back with
 * ik_csv_write_row (what export-hsds uses) reads back identical. */
#include "fuzz_common.h"

#include "internal.h"

static char *csv_path, *out_path;
static bool roundtrip;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ik_log_set_level(IK_LOG_ERROR);
    csv_path = ik_path_join(fuzz_tmpdir(), "service.csv");
    out_path = ik_path_join(fuzz_tmpdir(), "again.csv");
    const char *rt = getenv("FUZZ_CSV_ROUNDTRIP");
    roundtrip = rt && rt[0] == '1';
    return 0;
}

static void check_same(const IkCsv *a, const IkCsv *b)
{
    if (a->column_count != b->column_count || a->row_count != b->row_count) {
        fprintf(stderr, "round trip: %zu cols %zu rows became %zu cols %zu rows\n",
                a->column_count, a->row_count, b->column_count, b->row_count);
        abort();
    }
    for (size_t c = 0; c < a->column_count; c++)
        if (strcmp(a->columns[c], b->columns[c])) {
            fprintf(stderr, "round trip: column \"%s\" became \"%s\"\n", a->columns[c],
                    b->columns[c]);
            abort();
        }
    for (size_t r = 0; r < a->row_count; r++)
        for (size_t c = 0; c < a->column_count; c++)
            if (strcmp(ik_csv_get(a, r, (int)c), ik_csv_get(b, r, (int)c))) {
                fprintf(stderr, "round trip: row %zu field %zu \"%s\" became \"%s\"\n", r, c,
                        ik_csv_get(a, r, (int)c), ik_csv_get(b, r, (int)c));
                abort();
            }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_write(csv_path, data, size);
    IkDiag *diag = ik_diag_create(NULL, 20);
    IkCsv *csv = ik_csv_read(csv_path, diag, true);
    if (csv) {
        static const char *const req[] = {"id", "name", "status", NULL};
        ik_csv_require(csv, diag, req);
        int id = ik_csv_column(csv, "id");
        (void)ik_csv_get(csv, csv->row_count, id);      /* out of range on purpose */
        (void)ik_csv_get(csv, 0, -1);
        for (size_t r = 0; r < csv->row_count; r++)
            for (size_t c = 0; c < csv->rows[r].count; c++) {
                const char *f = ik_csv_get(csv, r, (int)c);
                (void)ik_valid_id(f);
                (void)ik_parse_time(f);
                free(ik_contacts(f));
            }
        if (roundtrip && ik_diag_errors(diag) == 0) {
            FILE *f = fopen(out_path, "wb");
            if (!f)
                abort();
            ik_csv_write_row(f, csv->column_count, (const char *const *)csv->columns);
            for (size_t r = 0; r < csv->row_count; r++)
                ik_csv_write_row(f, csv->rows[r].count, (const char *const *)csv->rows[r].fields);
            fclose(f);
            IkDiag *d2 = ik_diag_create(NULL, 20);
            IkCsv *again = ik_csv_read(out_path, d2, true);
            if (!again) {
                fprintf(stderr, "round trip: the written table does not read back: %s\n",
                        ik_diag_text(d2));
                abort();
            }
            check_same(csv, again);
            ik_csv_free(again);
            ik_diag_destroy(d2);
        }
        ik_csv_free(csv);
    }
    (void)ik_diag_text(diag);
    ik_diag_destroy(diag);
    return 0;
}
