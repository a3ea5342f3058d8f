/* The content pack schema (format 1). The pack builder creates it, the kiosk
 * reads it; both go through this one definition. */
#include "incontro/content.h"

const char *ik_content_schema_sql(void)
{
    return
        /* key/value facts: format, version, built_at, source_lang, ... */
        "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
        /* languages in picker order */
        "CREATE TABLE language(code TEXT PRIMARY KEY, endonym TEXT NOT NULL,"
        " script TEXT NOT NULL, rtl INTEGER NOT NULL, position INTEGER NOT NULL,"
        /* the PO header's Plural-Forms, for ik_content_plural */
        " plural TEXT NOT NULL DEFAULT 'nplurals=2; plural=(n != 1);');\n"
        /* every translatable string, Italian included: interface strings
         * (ui:KEY), helplines (helpline:ID:name), taxonomy terms
         * (term:CODE:name), services (service:ID:name|description|fees) */
        "CREATE TABLE string(lang TEXT NOT NULL, key TEXT NOT NULL,"
        /* plural forms past the first are stored as KEY#1, KEY#2, ... */
        " value TEXT NOT NULL, reviewed INTEGER NOT NULL DEFAULT 0,"
        " PRIMARY KEY(lang, key)) WITHOUT ROWID;\n"
        "CREATE TABLE topic(id TEXT PRIMARY KEY, position INTEGER NOT NULL,"
        " audience TEXT NOT NULL, pictogram TEXT NOT NULL);\n"
        /* one row per topic and language that has a Markdown page */
        "CREATE TABLE topic_text(topic_id TEXT NOT NULL REFERENCES topic(id),"
        " lang TEXT NOT NULL, title TEXT NOT NULL, reviewed INTEGER NOT NULL DEFAULT 0,"
        " PRIMARY KEY(topic_id, lang)) WITHOUT ROWID;\n"
        /* the drawable blocks of a page; kind: heading|paragraph|bullet|number|
         * action (a line of the "what to do now" box at the top) */
        "CREATE TABLE topic_block(topic_id TEXT NOT NULL, lang TEXT NOT NULL,"
        " seq INTEGER NOT NULL, kind TEXT NOT NULL, number INTEGER NOT NULL DEFAULT 0,"
        " text TEXT NOT NULL, PRIMARY KEY(topic_id, lang, seq)) WITHOUT ROWID;\n"
        "CREATE TABLE helpline(id TEXT PRIMARY KEY, number TEXT NOT NULL,"
        " position INTEGER NOT NULL, free INTEGER, always_open INTEGER,"
        " languages TEXT NOT NULL DEFAULT '');\n"
        /* taxonomy: vocabulary area|category|flag */
        "CREATE TABLE term(code TEXT PRIMARY KEY, taxonomy TEXT NOT NULL,"
        " position INTEGER NOT NULL);\n"
        /* the directory, flattened from HSDS for reading; HSDS ids kept */
        "CREATE TABLE organization(id TEXT PRIMARY KEY, name TEXT NOT NULL,"
        " description TEXT, email TEXT, website TEXT);\n"
        "CREATE TABLE service(id TEXT PRIMARY KEY,"
        " organization_id TEXT NOT NULL REFERENCES organization(id),"
        " url TEXT, email TEXT, status TEXT, min_age INTEGER, max_age INTEGER,"
        " area TEXT, free INTEGER NOT NULL DEFAULT 0, demo INTEGER NOT NULL DEFAULT 0,"
        /* checked: YYYY-MM-DD the information was last checked (HSDS
         * assured_date, else last_modified), NULL when not stated */
        " confidential INTEGER NOT NULL DEFAULT 0, checked TEXT);\n"
        "CREATE TABLE service_term(service_id TEXT NOT NULL, term TEXT NOT NULL,"
        " PRIMARY KEY(service_id, term)) WITHOUT ROWID;\n"
        /* one row per service at a location; address columns stay NULL-free
         * in the pack only when not confidential */
        "CREATE TABLE service_location(service_id TEXT NOT NULL, location_id TEXT NOT NULL,"
        " name TEXT, address TEXT, city TEXT, postal_code TEXT, latitude REAL, longitude REAL,"
        " PRIMARY KEY(service_id, location_id)) WITHOUT ROWID;\n"
        "CREATE TABLE service_phone(service_id TEXT NOT NULL, seq INTEGER NOT NULL,"
        " number TEXT NOT NULL, description TEXT, PRIMARY KEY(service_id, seq)) WITHOUT ROWID;\n"
        /* one IkOpening a row: weekday 0 = Monday (-1 any); minutes since
         * midnight, Europe/Rome (closes <= opens: past midnight); freq
         * IkFreq, ordinal and monthday of monthly rules, interval from start,
         * valid days from..to; days since 1970-01-01, 0 = none */
        "CREATE TABLE service_schedule(service_id TEXT NOT NULL, weekday INTEGER NOT NULL,"
        " opens INTEGER NOT NULL, closes INTEGER NOT NULL, freq INTEGER NOT NULL DEFAULT 0,"
        " ordinal INTEGER NOT NULL DEFAULT 0, monthday INTEGER NOT NULL DEFAULT 0,"
        " interval INTEGER NOT NULL DEFAULT 1, start INTEGER NOT NULL DEFAULT 0,"
        " valid_from INTEGER NOT NULL DEFAULT 0, valid_to INTEGER NOT NULL DEFAULT 0);\n"
        /* hours as text: the catalog key of each note the card shows (a
         * schedule's description, or the wording of a rule beyond weekly) */
        "CREATE TABLE service_hours_note(service_id TEXT NOT NULL, seq INTEGER NOT NULL,"
        " key TEXT NOT NULL, PRIMARY KEY(service_id, seq)) WITHOUT ROWID;\n"
        "CREATE TABLE service_language(service_id TEXT NOT NULL, code TEXT NOT NULL,"
        " name TEXT, PRIMARY KEY(service_id, code)) WITHOUT ROWID;\n"
        /* search synonyms from content/synonyms.csv */
        "CREATE TABLE synonym(lang TEXT NOT NULL, term TEXT NOT NULL, synonyms TEXT NOT NULL);\n"
        /* the raw HSDS rows, table by table, so export-hsds gives back
         * exactly what came in: one row per CSV row, columns as JSON */
        "CREATE TABLE hsds_row(tbl TEXT NOT NULL, seq INTEGER NOT NULL, json TEXT NOT NULL,"
        " PRIMARY KEY(tbl, seq)) WITHOUT ROWID;\n"
        "CREATE TABLE hsds_column(tbl TEXT NOT NULL, seq INTEGER NOT NULL, name TEXT NOT NULL,"
        " PRIMARY KEY(tbl, seq)) WITHOUT ROWID;\n";
}
