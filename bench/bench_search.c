/* Directory search at scale: synthetic directories of 100, 1,000, 10,000 and
 * 100,000 services in 15 languages (Zipf-distributed vocabularies, real
 * domain words on top, synthetic words in each language's own script for the
 * long tail) built into packs, opened as the kiosk opens them, and every
 * prefix of 20 realistic queries replayed as keystrokes, with and without
 * the directory's usual filters.
 *
 * usage: bench_search [SERVICES...] (default 100 1000 10000 100000)
 * IK_BENCH_DIR=DIR keeps the generated packs there and reuses them.
 * The connection is warmed first by other searches (statements prepared,
 * the filters' services known), not by these queries: each keystroke is
 * measured as a reader typing it meets it. IK_BENCH_RESULTS=FILE writes each
 * keystroke's results there (to compare two builds). IK_BENCH_SLOW=MS names on stderr
 * each keystroke that took more CPU time than MS. IK_BENCH_PASSES=N replays the
 * queries N times (default 1); the figures are the last pass's. Each keystroke is a call of
 * keystroke(), for callgrind:
 *   IK_BENCH_DUMPS=1 valgrind --tool=callgrind --collect-atstart=no \
 *     --toggle-collect=keystroke bench_search 10000
 * writes one profile per keystroke, named keystroke_plain or
 * keystroke_filtered (its "desc: Trigger" line; bench/callgrind-search
 * reads them).
 *
 * Packs are signed (a key made in the folder) and opened as a kiosk opens
 * its pack, against that key: a pack up to IK_PACK_MEMORY_MAX read into
 * memory, a larger one read by SQLite from its file.
 *
 * Prints, per size: pack size, index build time, open time and memory (the
 * signature checked over every byte), and the CPU time per keystroke (p50,
 * p99, max: thread CPU time, which other processes on a shared machine do
 * not inflate), then how each grows. */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_DUMP_STATS_AT(what)
#endif

#include "../app/content/search_internal.h"
#include "../app/pack/internal.h"
#include "incontro/content.h"
#include "incontro/core.h"
#include "incontro/pack.h"

/* ---- deterministic randomness ------------------------------------------ */
static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}
static int pick(int n) { return (int)(next() % (uint64_t)n); }

/* ---- languages: code, script alphabet, domain words -------------------- */
typedef struct {
    const char *code, *endonym, *script;
    int rtl;
    const char *letters;     /* space-separated syllables or letters */
    const char *domain;      /* real words, most frequent first */
} Lang;

static const Lang langs[] = {
    {"it", "Italiano", "Latn", 0, "ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge gi go la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za ze zo tà tè ré ò sci str gn gl",
     "di per il la e con in servizio supporto centro ascolto sportello genitori famiglie bambini ragazzi ragazze scuola doposcuola compiti psicologo psicologica psicologico supporto consulenza legale orientamento mediazione culturale corso italiano lingua lavoro salute donne mamme papà genitorialità gratuito gratuita associazione comune cooperativa gruppo incontri aiuto studio sostegno spazio accoglienza minori adolescenti"},
    {"en", "English", "Latn", 0, "ba be bi bo ca co cu da de di do fa fe fi ga go ha he hi ho la le li lo ma me mi mo na ne no pa pe pi po ra re ri ro sa se si so ta te ti to wa we wi th sh ch st ing er",
     "the and for of to with in service support centre listening desk parents families children teenagers girls school after-school homework psychologist psychological counselling legal advice guidance mediation cultural course italian language work health women mothers fathers parenting free association town cooperative group meetings help study space welcome minors adolescents"},
    {"fr", "Français", "Latn", 0, "ba be bi bo ca co cu da de di do fa fe fi ga ge go la le li lo ma me mi mo na ne no pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi é è ê ç ou eau",
     "de pour le la et avec en service soutien centre écoute guichet parents familles enfants jeunes école devoirs psychologue psychologique conseil juridique orientation médiation culturelle cours italien langue travail santé femmes mères gratuit association aide"},
    {"es", "Español", "Latn", 0, "ba be bi bo ca co cu da de di do fa fe fi ga go la le li lo ma me mi mo na ne ni no pa pe pi po ra re ri ro sa se si so ta te ti to ña ño á é í ó ú",
     "de para el la y con en servicio apoyo centro escucha ventanilla padres familias niños jóvenes escuela deberes psicólogo psicológico asesoría legal orientación mediación cultural curso italiano idioma trabajo salud mujeres madres gratuito asociación ayuda"},
    {"sq", "Shqip", "Latn", 0, "ba be bi bo ca ce ço da de di do fa fe fi ga ge gj la le li lo ma me mi mo na ne ni no pa pe pi po ra re ri ro sa se si so ta te ti to ë ç sh zh xh",
     "për dhe me në shërbim mbështetje qendër prindër familje fëmijë shkollë detyra psikolog psikologjike këshillim ligjor kurs italisht gjuhë punë shëndet gra nëna falas ndihmë"},
    {"ro", "Română", "Latn", 0, "ba be bi bo ca ce ci co da de di do fa fe fi ga ge gi la le li lo ma me mi mo na ne ni no pa pe pi po ra re ri ro sa se si so ta te ti to ă â î ș ț",
     "de pentru și cu în serviciu sprijin centru părinți familii copii tineri școală teme psiholog psihologic consiliere juridică orientare curs italiană limbă muncă sănătate femei mame gratuit asociație ajutor"},
    {"uk", "Українська", "Cyrl", 0, "ба бе бі бо ва ве ві во да де ді до за зе зі ка ке кі ко ла ле лі ло ма ме мі мо на не ні но па пе пі по ра ре рі ро са се сі со та те ті то ча що ю я ї є",
     "для і з в служба підтримка центр батьки сім'ї діти підлітки школа домашні психолог психологічна консультація юридична курс італійська мова робота здоров'я жінки матері безкоштовно допомога"},
    {"ar", "العربية", "Arab", 1, "ب ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ ع غ ف ق ك ل م ن ه و ي ا ة ى أ إ آ",
     "في من إلى على مع خدمة دعم مركز الاستماع مكتب الأهل العائلات الأطفال المراهقين المدرسة الدروس الواجبات أخصائي نفسي النفسي استشارة قانونية توجيه وساطة ثقافية دورة اللغة الإيطالية عمل صحة النساء الأمهات مجاني جمعية مساعدة"},
    {"fa-AF", "دری", "Arab", 1, "ب پ ت ج چ ح خ د ر ز ژ س ش ع غ ف ق ک گ ل م ن و ه ی ا",
     "برای و با در خدمات حمایت مرکز والدین خانواده کودکان نوجوانان مکتب درس روانشناس روانی مشاوره حقوقی کورس زبان ایتالیایی کار صحت زنان مادران رایگان کمک"},
    {"ps", "پښتو", "Arab", 1, "ب پ ت ټ ج چ ح خ د ډ ر ړ ز ژ ږ س ش ښ ع غ ف ق ک ګ ل م ن ڼ و ه ي ې ۍ ا",
     "لپاره او سره په خدمت ملاتړ مرکز مور او پلار کورنۍ ماشومان ځوانان ښوونځی درس ارواپوه مشوره حقوقي کورس ژبه کار روغتیا ښځې میندې وړیا مرسته"},
    {"ur", "اردو", "Arab", 1, "ب پ ت ٹ ج چ ح خ د ڈ ر ڑ ز س ش ع غ ف ق ک گ ل م ن و ہ ھ ی ے ا",
     "کے لیے اور میں سے خدمت مدد مرکز والدین خاندان بچے نوجوان اسکول ہوم ورک ماہر نفسیات نفسیاتی مشاورت قانونی کورس زبان اطالوی کام صحت خواتین مائیں مفت"},
    {"bn", "বাংলা", "Beng", 0, "ক খ গ ঘ চ ছ জ ঝ ট ঠ ড ত থ দ ধ ন প ফ ব ভ ম য র ল শ স হ কা কি কু কে মা মি রা রি সা সি না নি",
     "জন্য এবং সঙ্গে পরিষেবা সহায়তা কেন্দ্র বাবা-মা পরিবার শিশু কিশোর স্কুল বাড়ির কাজ মনোবিজ্ঞানী পরামর্শ আইনি কোর্স ভাষা ইতালীয় কাজ স্বাস্থ্য নারী মা বিনামূল্যে সাহায্য"},
    {"ti", "ትግርኛ", "Ethi", 0, "ሀ ለ ሐ መ ረ ሰ ሸ ቀ በ ተ ቸ ነ አ ከ ወ ዘ የ ደ ገ ጠ ፈ ሉ ሙ ሩ ሱ ቡ ቱ ኑ ኩ ዱ ጉ ላ ማ ራ ሳ ባ ታ ና ካ ዳ ጋ",
     "ን ምስ ኣብ ኣገልግሎት ደገፍ ማእከል ወለዲ ስድራቤት ቆልዑ መንእሰያት ቤት ትምህርቲ ስነ-ኣእምሮ ምኽሪ ሕጋዊ ኮርስ ቋንቋ ጣልያን ስራሕ ጥዕና ደቂ ኣንስትዮ ኣዴታት ብናጻ ሓገዝ"},
    {"zh-Hans", "中文", "Hans", 0, "的 一 是 在 不 了 有 和 人 这 中 大 为 上 个 国 我 以 要 他 时 来 用 们 生 到 作 地 于 出 就 分 对 成 会 可 主 发 年 动 同 工 也 能 下 过 子 说 产 种 面 而 方 后 多 定 行 学 法 所 民 得 经",
     "服务 支持 中心 家长 家庭 儿童 青少年 学校 作业 心理 咨询 法律 课程 意大利语 语言 工作 健康 妇女 母亲 免费 帮助"},
    {"so", "Soomaali", "Latn", 0, "ba bi bu da di du ga gi gu ha hi hu ka ki ku la li lu ma mi mu na ni nu qa qi ra ri sa si ta ti wa xa xi ya dh kh sh aa ee oo",
     "iyo loogu ee ka adeeg taageero xarun waalidiinta qoysaska carruurta dhallinyarada dugsiga casharrada cilmi-nafsi talo sharci koorso luqadda talyaaniga shaqo caafimaad haweenka hooyooyinka bilaash caawimo"},
};
#define NLANG (sizeof langs / sizeof langs[0])
#define VOCAB 4000

typedef struct {
    char **words;
    double *cumulative;
    int n;
} Vocab;

static int split(const char *s, char ***out)
{
    char *copy = ik_xstrdup(s), *save = NULL;
    int n = 0;
    for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
        *out = ik_xrealloc(*out, (size_t)n + 1, sizeof(char *));
        (*out)[n++] = ik_xstrdup(t);
    }
    free(copy);
    return n;
}

/* domain words first (frequent), then synthetic words from the script's
 * syllables; Zipf weights 1/rank^1.07 */
static void vocab_make(Vocab *v, const Lang *l)
{
    char **syl = NULL;
    int nsyl = split(l->letters, &syl);
    v->n = split(l->domain, &v->words);
    bool han = !strcmp(l->code, "zh-Hans");
    while (v->n < VOCAB) {
        IkBuf w = {0};
        int parts = han ? 1 + pick(2) : 2 + pick(3);
        for (int k = 0; k < parts; k++)
            ik_buf_puts(&w, syl[pick(nsyl)]);
        v->words = ik_xrealloc(v->words, (size_t)v->n + 1, sizeof(char *));
        v->words[v->n++] = w.data;
    }
    v->cumulative = ik_xmalloc((size_t)v->n * sizeof(double));
    double sum = 0;
    for (int i = 0; i < v->n; i++) {
        /* shuffle the domain words a little among the common ones */
        sum += 1.0 / pow(i + 3.0, 1.07);
        v->cumulative[i] = sum;
    }
    for (int i = 0; i < nsyl; i++)
        free(syl[i]);
    free(syl);
}

static const char *vocab_word(const Vocab *v)
{
    double x = (double)(next() % 1000000) / 1e6 * v->cumulative[v->n - 1];
    int lo = 0, hi = v->n - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (v->cumulative[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return v->words[lo];
}

static void text(IkBuf *b, const Vocab *v, int words, const char *sep)
{
    b->len = 0;
    if (b->data)
        b->data[0] = 0;
    for (int i = 0; i < words; i++) {
        if (i)
            ik_buf_puts(b, sep);
        /* names lean on domain words: pick from the first 60 ranks often */
        ik_buf_puts(b, vocab_word(v));
    }
}

static void sql(sqlite3 *db, const char *s)
{
    char *msg = NULL;
    if (sqlite3_exec(db, s, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "bench_search: %s\n", msg);
        exit(1);
    }
}

static void put(sqlite3_stmt *st, int n, ...)
{
    va_list ap;
    va_start(ap, n);
    sqlite3_reset(st);
    for (int i = 1; i <= n; i++) {
        const char *v = va_arg(ap, const char *);
        if (v)
            sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(st, i);
    }
    va_end(ap);
    if (sqlite3_step(st) != SQLITE_DONE) {
        fprintf(stderr, "bench_search: %s\n", sqlite3_errmsg(sqlite3_db_handle(st)));
        exit(1);
    }
}

static const char *cities[] = {"Firenze", "Prato", "Sesto Fiorentino", "Campi Bisenzio", "Arezzo",
                               "Cortona", "Montevarchi", "Sansepolcro", "Bibbiena", "Piombino",
                               "Cecina", "Volterra", "Rosignano", "San Vincenzo", "Castagneto"};
static const char *areas[] = {"piana-fi-po", "area-aretina", "valli-etrusche"};
static const char *cats[] = {"civic-orientation", "education-individual", "education-group",
                             "psychological-support", "parenting-support"};

static void generate(sqlite3 *db, int nservices)
{
    sql(db, ik_content_schema_sql());
    sql(db, "BEGIN");
    sqlite3_stmt *lang = NULL, *str = NULL, *svc = NULL, *org = NULL, *term = NULL, *st = NULL,
                 *loc = NULL, *sl = NULL, *sch = NULL, *syn = NULL;
    sqlite3_prepare_v2(db, "INSERT INTO language(code,endonym,script,rtl,position) VALUES(?,?,?,?,?)", -1, &lang, NULL);
    sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO string(lang,key,value) VALUES(?,?,?)", -1, &str, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO service(id,organization_id,area,free,min_age,max_age,status) VALUES(?,?,?,?,?,?,'active')", -1, &svc, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO organization(id,name) VALUES(?,?)", -1, &org, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO term(code,taxonomy,position) VALUES(?,?,?)", -1, &term, NULL);
    sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO service_term(service_id,term) VALUES(?,?)", -1, &st, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO service_location(service_id,location_id,address,city) VALUES(?,?,?,?)", -1, &loc, NULL);
    sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO service_language(service_id,code,name) VALUES(?,?,?)", -1, &sl, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO service_schedule(service_id,weekday,opens,closes) VALUES(?,?,?,?)", -1, &sch, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO synonym(lang,term,synonyms) VALUES(?,?,?)", -1, &syn, NULL);
    Vocab v[NLANG] = {{0}};
    char buf[64], buf2[64], key[128];
    for (size_t l = 0; l < NLANG; l++) {
        vocab_make(&v[l], &langs[l]);
        snprintf(buf, sizeof buf, "%d", langs[l].rtl);
        snprintf(buf2, sizeof buf2, "%zu", l);
        put(lang, 5, langs[l].code, langs[l].endonym, langs[l].script, buf, buf2);
    }
    IkBuf t = {0};
    for (size_t i = 0; i < 3 + 5; i++) {
        const char *code = i < 3 ? areas[i] : cats[i - 3];
        snprintf(buf, sizeof buf, "%zu", i);
        put(term, 3, code, i < 3 ? "area" : "category", buf);
        for (size_t l = 0; l < NLANG; l++) {
            text(&t, &v[l], 2 + pick(2), " ");
            snprintf(key, sizeof key, "term:%s:name", code);
            put(str, 3, langs[l].code, key, t.data);
        }
    }
    int norg = nservices / 20 + 1;
    for (int o = 0; o < norg; o++) {
        snprintf(buf, sizeof buf, "org-%d", o);
        text(&t, &v[0], 2 + pick(3), " ");
        put(org, 2, buf, t.data);
        snprintf(key, sizeof key, "organization:%s:name", buf);
        put(str, 3, "it", key, t.data);
    }
    for (int s = 0; s < nservices; s++) {
        char id[32], age1[8], age2[8];
        snprintf(id, sizeof id, "svc-%05d", s);
        snprintf(buf, sizeof buf, "org-%d", pick(norg));
        int young = pick(4) == 0;
        snprintf(age1, sizeof age1, "%d", young ? 0 : 14);
        snprintf(age2, sizeof age2, "%d", young ? 13 : 99);
        put(svc, 6, id, buf, areas[pick(3)], pick(2) ? "1" : "0", pick(3) ? NULL : age1,
            pick(3) ? NULL : age2);
        put(st, 2, id, cats[pick(5)]);
        if (pick(2))
            put(st, 2, id, cats[pick(5)]);
        snprintf(key, sizeof key, "loc-%d", s);
        put(loc, 4, id, key, "Via Roma 1", cities[pick(15)]);
        int nspoken = 1 + pick(4);
        for (int k = 0; k < nspoken; k++) {
            const Lang *sp = &langs[k == 0 ? 0 : pick((int)NLANG)];
            put(sl, 3, id, sp->code, sp->endonym);
        }
        for (int d = 0; d < 5; d++) {
            char wd[12], o1[12], c1[12]; /* room for any int */
            snprintf(wd, sizeof wd, "%d", d);
            snprintf(o1, sizeof o1, "%d", 480 + 60 * pick(3));
            snprintf(c1, sizeof c1, "%d", 720 + 60 * pick(7));
            if (pick(3))
                put(sch, 4, id, wd, o1, c1);
        }
        for (size_t l = 0; l < NLANG; l++) {
            /* Italian always, the other languages mostly translated */
            if (l && pick(10) == 0)
                continue;
            text(&t, &v[l], 2 + pick(3), " ");
            snprintf(key, sizeof key, "service:%s:name", id);
            put(str, 3, langs[l].code, key, t.data);
            text(&t, &v[l], 15 + pick(30), " ");
            snprintf(key, sizeof key, "service:%s:description", id);
            put(str, 3, langs[l].code, key, t.data);
        }
    }
    /* what makes it a pack the kiosk opens: a topic, the help numbers, meta */
    sql(db, "INSERT INTO topic(id,position,audience,pictogram) VALUES('t',1,'all','scales');"
            "INSERT INTO topic_text(topic_id,lang,title) VALUES('t','it','Diritti');"
            "INSERT INTO topic_block(topic_id,lang,seq,kind,text) VALUES('t','it',1,'paragraph','x');");
    size_t ngold = 0;
    const IkGoldenHelpline *gold = ik_content_golden_helplines(&ngold);
    sqlite3_stmt *help = NULL;
    sqlite3_prepare_v2(db, "INSERT INTO helpline(id,number,position) VALUES(?,?,?)", -1, &help, NULL);
    for (size_t i = 0; i < ngold; i++) {
        snprintf(buf, sizeof buf, "%zu", i);
        put(help, 3, gold[i].id, gold[i].number, buf);
    }
    sqlite3_finalize(help);
    char format[16];
    snprintf(format, sizeof format, "%d", IK_PACK_FORMAT);
    sqlite3_stmt *meta = NULL;
    sqlite3_prepare_v2(db, "INSERT INTO meta(key,value) VALUES(?,?)", -1, &meta, NULL);
    put(meta, 2, "format", format);
    put(meta, 2, "version", "1");
    put(meta, 2, "source_lang", IK_SOURCE_LANG);
    sqlite3_finalize(meta);
    put(syn, 3, "it", "psicologo", "supporto psicologico|psicologa|ascolto");
    put(syn, 3, "it", "compiti", "doposcuola|aiuto compiti|studio");
    put(syn, 3, "en", "homework", "after-school|study");
    sql(db, "COMMIT");
    ik_buf_free(&t);
    sqlite3_finalize(lang); sqlite3_finalize(str); sqlite3_finalize(svc); sqlite3_finalize(org);
    sqlite3_finalize(term); sqlite3_finalize(st); sqlite3_finalize(loc); sqlite3_finalize(sl);
    sqlite3_finalize(sch); sqlite3_finalize(syn);
    for (size_t l = 0; l < NLANG; l++) {
        for (int i = 0; i < v[l].n; i++)
            free(v[l].words[i]);
        free(v[l].words);
        free(v[l].cumulative);
    }
}

/* ---- the replay --------------------------------------------------------- */
static const struct {
    const char *lang, *text;
} queries[20] = {
    {"it", "psicologo per ragazzi"}, {"it", "doposcuola"}, {"it", "sportello genitori"},
    {"it", "corso di italiano"}, {"it", "consulenza legale gratuita"}, {"en", "parenting support"},
    {"en", "homework help"}, {"en", "psychologist"}, {"en", "free legal advice"},
    {"ar", "دعم نفسي"}, {"ar", "الامهات"}, {"ar", "دروس اللغة الايطالية"},
    {"fr", "soutien psychologique"}, {"es", "apoyo para padres"}, {"uk", "психолог"},
    {"fa-AF", "روانشناس کودکان"}, {"ur", "والدین کے لیے مدد"}, {"it", "mediazione culturale"},
    {"it", "psicolgo"}, {"en", "womens health centre"},
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* CPU time of this thread: other builds on a shared machine do not count */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* prefix of s of k code points */
static size_t prefix_bytes(const char *s, size_t k)
{
    size_t i = 0, n = strlen(s);
    for (size_t c = 0; c < k && i < n; c++) {
        uint32_t cp;
        i += ik_utf8_decode(s + i, n - i, &cp);
    }
    return i;
}

typedef struct {
    double p50, p99, max;
} Spread;

static Spread spread(double *ms, size_t n)
{
    qsort(ms, n, sizeof *ms, cmp_double);
    return (Spread){ms[n / 2], ms[(size_t)(n * 0.99)], ms[n - 1]};
}

/* One size's figures. */
typedef struct {
    int services;
    double pack_mb, build_s, open_ms, open_rss_mb, search_rss_mb;
    bool from_file;         /* too large for memory: read from its file */
    size_t keystrokes;      /* per pass, each plain and filtered */
    Spread plain, filtered, plain_wall, filtered_wall;
} Row;

/* true when the pack at path has the index this build writes (the lists
 * of search_post); a pack kept from before them would be searched through
 * FTS5 alone and measure the old search */
static bool index_current(const char *path)
{
    sqlite3 *db = NULL;
    char *uri = sqlite3_mprintf("file:%s?immutable=1", path);
    bool ok = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) ==
              SQLITE_OK;
    sqlite3_stmt *st = NULL;
    ok = ok && sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE name = 'search_post'",
                                  -1, &st, NULL) == SQLITE_OK &&
         sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    sqlite3_close(db);
    sqlite3_free(uri);
    return ok;
}

/* the pack of n services at path, generated and indexed unless it is there
 * with the current index */
static bool make_pack(const char *path, int n, Row *row)
{
    struct stat sb;
    if (stat(path, &sb) == 0) {
        if (index_current(path))
            return true;
        fprintf(stderr, "bench_search: %s was indexed by an older build: built again\n", path);
        unlink(path);
    }
    sqlite3 *db = NULL;
    char *tmp = ik_xasprintf("%s.tmp", path);
    unlink(tmp);
    if (sqlite3_open(tmp, &db) != SQLITE_OK)
        return false;
    sql(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF");
    rng = 0x9E3779B97F4A7C15ull;
    generate(db, n);
    double t0 = now_ms();
    sql(db, "BEGIN");
    if (!ik_search_index_build(db)) {
        fprintf(stderr, "bench_search: %s\n", ik_error());
        return false;
    }
    sql(db, "COMMIT");
    row->build_s = (now_ms() - t0) / 1e3;
    sqlite3_close(db);
    bool ok = rename(tmp, path) == 0;
    free(tmp);
    return ok;
}

/* The key packs are signed with and opened against, as on a kiosk. */
static unsigned char key[IK_KEY_BYTES];
static char *key_path;

/* True when path ends in a signed manifest's trailer. */
static bool is_signed(const char *path)
{
    char tail[8] = {0};
    FILE *f = fopen(path, "rb");
    bool ok = f && fseek(f, -8, SEEK_END) == 0 && fread(tail, 1, 8, f) == 8 &&
              memcmp(tail, IK_SIGN_MAGIC, 8) == 0;
    if (f)
        fclose(f);
    return ok;
}

typedef struct {
    IkContent *content;     /* opened the kiosk's way */
} Target;

static IkSearchResult *search(Target *t, const char *lang, const char *q, const IkSearchFilter *f,
                              size_t *count)
{
    return ik_content_search(t->content, lang, q, f, count);
}

/* One keystroke: the search and freeing its results; false on an error.
 * noipa: neither inlined nor cloned, so callgrind finds it by name (and
 * the search is no tail call, which callgrind would count outside). */
static FILE *results_out;   /* IK_BENCH_RESULTS: each keystroke's results */

__attribute__((noipa)) static bool keystroke(Target *t, const char *lang, const char *q,
                                             const IkSearchFilter *f)
{
    size_t count = 0;
    IkSearchResult *r = search(t, lang, q, f, &count);
    for (size_t i = 0; results_out && r && i < count; i++)
        fprintf(results_out, "%s %s %s|%s|%s|%s|%s|%.17g\n", lang, q, r[i].id, r[i].name,
                r[i].organization, r[i].area, r[i].city ? r[i].city : "(none)", r[i].score);
    ik_search_results_free(r, count);
    return r != NULL;
}

/* the directory's usual filters, and none */
static const IkSearchFilter filters[2] = {
    {.age = -1, .limit = 60, .home_area = "area-aretina"},
    {.age = -1, .limit = 60, .area = "piana-fi-po", .category = "parenting-support",
     .open_now = true, .now = 1760000000, .free_only = true}};

/* searches that are not the queries': statements prepared and the filters'
 * services known, as on a kiosk that has been searched before */
static void warm_up(Target *t)
{
    static const char *const other[] = {"", "a", "zq", "lorem ipsum", "xyzzyq"};
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
        for (int fi = 0; fi < 2; fi++) {
            size_t count = 0;
            IkSearchResult *r = search(t, "it", other[i], &filters[fi], &count);
            ik_search_results_free(r, count);
        }
}

/* every prefix of every query, IK_BENCH_PASSES times (default once) */
static void replay(Target *t, Row *row)
{
    size_t cap = 2000, n = 0;
    int passes = getenv("IK_BENCH_PASSES") ? atoi(getenv("IK_BENCH_PASSES")) : 1;
    if (passes < 1)
        passes = 1;
    bool profile = getenv("IK_BENCH_DUMPS") != NULL;
    double slow = getenv("IK_BENCH_SLOW") ? atof(getenv("IK_BENCH_SLOW")) : 0;
    if (getenv("IK_BENCH_RESULTS") && !(results_out = fopen(getenv("IK_BENCH_RESULTS"), "w")))
        perror(getenv("IK_BENCH_RESULTS"));
    double *cpu[2], *wall[2];
    for (int k = 0; k < 2; k++) {
        cpu[k] = ik_xmalloc(cap * sizeof(double));
        wall[k] = ik_xmalloc(cap * sizeof(double));
    }
    warm_up(t);
    for (int pass = 0; pass < passes; pass++) {
        n = 0;
        for (size_t qi = 0; qi < 20; qi++) {
            size_t len = ik_utf8_length(queries[qi].text, strlen(queries[qi].text));
            for (size_t k = 1; k <= len && n < cap; k++, n++) {
                char typed[256];
                size_t b = prefix_bytes(queries[qi].text, k);
                memcpy(typed, queries[qi].text, b);
                typed[b] = 0;
                /* plain, and with the directory's usual filters */
                for (int fi = 0; fi < 2; fi++) {
                    double c0 = cpu_ms(), w0 = now_ms();
                    bool ok = keystroke(t, queries[qi].lang, typed, &filters[fi]);
                    wall[fi][n] = now_ms() - w0;
                    cpu[fi][n] = cpu_ms() - c0;
                    if (slow > 0 && cpu[fi][n] > slow)
                        fprintf(stderr, "slow keystroke: %.3f ms CPU, %s, %s \"%s\"\n",
                                cpu[fi][n], fi ? "filtered" : "plain", queries[qi].lang, typed);
                    if (profile)
                        CALLGRIND_DUMP_STATS_AT(fi ? "keystroke_filtered" : "keystroke_plain");
                    if (!ok) {
                        fprintf(stderr, "bench_search: %s\n", ik_error());
                        exit(1);
                    }
                }
            }
        }
    }
    if (results_out)
        fclose(results_out);
    results_out = NULL;
    row->keystrokes = n;
    row->plain = spread(cpu[0], n);
    row->filtered = spread(cpu[1], n);
    row->plain_wall = spread(wall[0], n);
    row->filtered_wall = spread(wall[1], n);
    for (int k = 0; k < 2; k++) {
        free(cpu[k]);
        free(wall[k]);
    }
}

static bool measure(const char *dir, int n, Row *row)
{
    char *path = ik_xasprintf("%s/bench-%d.pack", dir, n);
    row->services = n;
    row->build_s = -1;
    if (!make_pack(path, n, row)) {
        free(path);
        return false;
    }
    if (!is_signed(path) && !ik_pack_sign(key_path, path, (long long)time(NULL) + 86400 * 365)) {
        free(path);
        return false;
    }
    struct stat sb;
    stat(path, &sb);
    row->pack_mb = sb.st_size / 1048576.0;
    Target t = {0};
    /* as a kiosk opens its pack: signed, and checked against its key */
    IkOpenOptions o = {.key = key};
    long rss0 = ik_mem_status_kb("VmRSS:");
    double t0 = now_ms();
    t.content = ik_content_open_with(path, &o);
    row->open_ms = now_ms() - t0;
    free(path);
    if (!t.content)
        return false;
    row->open_rss_mb = (ik_mem_status_kb("VmRSS:") - rss0) / 1024.0;
    row->from_file = ik_content_file_size(t.content) > IK_PACK_MEMORY_MAX;
    replay(&t, row);
    row->search_rss_mb = (ik_mem_status_kb("VmRSS:") - rss0) / 1024.0;
    ik_content_close(t.content);
    return true;
}

static void print_spread(const char *what, Spread s)
{
    printf("  %-24s p50 %7.3f  p99 %7.3f  max %7.3f ms\n", what, s.p50, s.p99, s.max);
}

int main(int argc, char **argv)
{
    int sizes[16] = {100, 1000, 10000, 100000}, nsizes = 4;
    if (argc > 1) {
        nsizes = 0;
        for (int i = 1; i < argc && nsizes < 16; i++)
            if (atoi(argv[i]) > 0)
                sizes[nsizes++] = atoi(argv[i]);
    }
    char dir[512] = "/tmp/ik_bench_search_XXXXXX";
    const char *keep = getenv("IK_BENCH_DIR");
    if (keep)
        snprintf(dir, sizeof dir, "%s", keep);
    else if (!mkdtemp(dir))
        return 1;
    mkdir(dir, 0755);
    char *base = ik_xasprintf("%s/bench-key", dir);
    key_path = ik_xasprintf("%s.key", base);
    char *pub = ik_xasprintf("%s.pub", base);
    if ((!ik_file_exists(key_path) && !ik_pack_keygen(base, false)) ||
        !ik_content_key_load(pub, key)) {
        fprintf(stderr, "bench_search: %s\n", ik_error());
        return 1;
    }
    free(base);
    free(pub);
    Row rows[16];
    for (int i = 0; i < nsizes; i++) {
        if (!measure(dir, sizes[i], &rows[i])) {
            fprintf(stderr, "bench_search: %d services: %s\n", sizes[i], ik_error());
            return 1;
        }
        Row *r = &rows[i];
        printf("%d services x %zu languages: pack %.1f MB, ", r->services, NLANG, r->pack_mb);
        if (r->build_s >= 0)
            printf("index built in %.1f s, ", r->build_s);
        else
            printf("pack reused, ");
        printf("opened in %.0f ms (+%.1f MB), %s\n", r->open_ms, r->open_rss_mb,
               r->from_file ? "read from its file" : "read into memory");
        printf("  %zu keystrokes per pass, each plain and filtered\n", r->keystrokes);
        print_spread("search, CPU", r->plain);
        print_spread("search + 4 filters, CPU", r->filtered);
        print_spread("search, wall", r->plain_wall);
        print_spread("search + 4 filters, wall", r->filtered_wall);
        printf("  memory after searching: +%.1f MB RSS\n", r->search_rss_mb);
        fflush(stdout);
    }
    printf("\nservices  pack MB  build s  open ms  open MB  search p50/p99 ms  filtered p50/p99 ms"
           "  x p99\n");
    for (int i = 0; i < nsizes; i++) {
        Row *r = &rows[i];
        double grow = i ? r->plain.p99 / rows[i - 1].plain.p99 : 1;
        printf("%8d %8.1f %8.1f %8.0f %8.1f     %6.3f/%6.3f        %6.3f/%6.3f  %5.1f\n",
               r->services, r->pack_mb, r->build_s, r->open_ms, r->open_rss_mb,
               r->plain.p50, r->plain.p99, r->filtered.p50, r->filtered.p99, grow);
    }
    if (!keep) {
        for (int i = 0; i < nsizes; i++) {
            char *path = ik_xasprintf("%s/bench-%d.pack", dir, sizes[i]);
            unlink(path);
            free(path);
        }
        char *pub = ik_xasprintf("%s/bench-key.pub", dir);
        unlink(pub);
        unlink(key_path);
        free(pub);
        rmdir(dir);
    }
    free(key_path);
    return 0;
}
