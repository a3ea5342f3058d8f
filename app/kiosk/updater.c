/* The updater: a thread that finds new packs and installs them while the
 * reader's screen stays as it is, and hands the main loop a verified pack to
 * show between sessions.
 *
 * Where packs come from: the shown pack's file changing (an install into the
 * store, or an operator's copy), an inbox folder (USB stick, synced folder:
 * read only, never written), and an https:// address polled with conditional
 * requests and resumed downloads. Inbox and address go through the one
 * install path (ik_pack_install_key); the shown file is only ever opened.
 *
 * The thread sleeps until something it watches changes (inotify on the
 * folders, the mount table for a USB stick) or the next address poll or
 * status heartbeat is due: an idle kiosk wakes nobody.
 *
 * [SECTION] opening  [SECTION] state  [SECTION] the shown file
 * [SECTION] inbox  [SECTION] download  [SECTION] status  [SECTION] watching
 * [SECTION] thread */
#include "incontro/kiosk.h"

#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "incontro/core.h"
#include "incontro/pack.h"

/* libcurl is loaded when the updater starts with an address to poll (most
 * kiosks poll none): linked, it and the thirty libraries it needs (TLS,
 * Kerberos, LDAP, ...) cost every start-up 8 ms in the dynamic loader. */
static struct {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *curl, CURLoption option, ...);
    CURLcode (*easy_getinfo)(CURL *curl, CURLINFO info, ...);
    CURLcode (*easy_perform)(CURL *curl);
    void (*easy_cleanup)(CURL *curl);
    const char *(*easy_strerror)(CURLcode code);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *s);
    void (*slist_free_all)(struct curl_slist *list);
} libcurl;

/* Loads libcurl into the table above (once, before any thread uses it). */
static bool load_libcurl(void)
{
    static const char *const names[] = {
        "curl_global_init", "curl_easy_init", "curl_easy_setopt", "curl_easy_getinfo",
        "curl_easy_perform", "curl_easy_cleanup", "curl_easy_strerror", "curl_slist_append",
        "curl_slist_free_all"};
    void **const slots[] = {
        (void **)&libcurl.global_init, (void **)&libcurl.easy_init,
        (void **)&libcurl.easy_setopt, (void **)&libcurl.easy_getinfo,
        (void **)&libcurl.easy_perform, (void **)&libcurl.easy_cleanup,
        (void **)&libcurl.easy_strerror, (void **)&libcurl.slist_append,
        (void **)&libcurl.slist_free_all};
    return ik_dl_load("libcurl.so.4", sizeof names / sizeof *names, names, slots);
}

#define TICK_MS 1000            /* between looks while something is changing */
#define SETTLE_TICKS 3          /* looks after the last change: a file must stay still for one */
#define STATUS_SECONDS 300      /* status.json heartbeat */
#define RESULT_MAX 400

/* ---- [SECTION] opening ---------------------------------------------------- */
IkContent *ik_kiosk_open_pack(const IkConfig *config, const char *path, bool refuse_expired)
{
    IkOpenOptions o = {.key = config->has_trusted_key ? config->trusted_key : NULL,
                       .refuse_expired = refuse_expired};
    /* 0 MiB: every pack from its file (memory_max 0 would mean the default) */
    if (config->pack_memory_mb >= 0)
        o.memory_max = config->pack_memory_mb ? (size_t)config->pack_memory_mb << 20 : 1;
    return ik_content_open_with(path, &o);
}

IkContent *ik_kiosk_swap(IkKiosk *k, IkContent *c)
{
    ik_kiosk_reset(k);          /* drops caches that point into the old pack */
    IkContent *old = k->content;
    k->content = c;
    k->out_of_date = c && ik_content_expired(c, time(NULL));
    k->out_of_service = !c;
    ik_kiosk_reset(k);          /* attract, or out of service */
    return old;
}

bool ik_kiosk_reload(IkKiosk *k)
{
    k->reload = false;
    if (!k->pack_path)
        return ik_fail("no pack path to reload from");
    IkContent *c = ik_kiosk_open_pack(&k->config, k->pack_path, false);
    if (!c)
        return false;
    ik_content_close(ik_kiosk_swap(k, c));
    return true;
}

/* ---- [SECTION] state ------------------------------------------------------ */
typedef struct {
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
    bool exists;
} FileId;

typedef struct {
    char *name;
    FileId id;
    bool handled;           /* installed, or refused: not tried again unchanged */
    bool seen;              /* present in the latest scan */
} InboxEntry;

struct IkUpdater {
    IkConfig config;            /* a copy: key, store, inbox, address, status file */
    char *pack_path;            /* the file shown */
    pthread_t thread;
    bool running;
    pthread_mutex_t lock;
    int wake[2];                /* a pipe: a byte written wakes the thread to stop */
    int inotify_fd;             /* -1: no inotify, a look every tick */
    int mounts_fd;              /* /proc/self/mounts: a mount or unmount wakes us */
    /* under lock */
    bool stop;
    IkContent *ready;           /* a better pack than the one shown, not yet taken */
    void (*on_ready)(void *);   /* wakes the main loop when ready is set (may be NULL) */
    void *on_ready_data;
    char shown_version[24];     /* "" when out of service */
    long long shown_expires;    /* 0 without a manifest */
    FileId shown_file;          /* the file the pack on screen is read from, as
                                 * verified; !exists for a pack in memory */
    char last_check[32];        /* UTC time of the last look for an update, "" never */
    char last_result[RESULT_MAX];
    /* the thread's own */
    FileId pack_prev, pack_done;
    InboxEntry *inbox;
    size_t inbox_count;
    long long next_poll;        /* monotonic seconds */
    long long next_status;
    struct timespec started;
};

static long long monotonic_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec;
}

static FileId file_id(const char *path)
{
    FileId id;
    struct stat st;
    memset(&id, 0, sizeof id);
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        id.exists = true;
        id.dev = st.st_dev;
        id.ino = st.st_ino;
        id.size = st.st_size;
        id.mtime = st.st_mtim;
    }
    return id;
}

static bool same_file(FileId a, FileId b)
{
    return a.exists == b.exists && a.dev == b.dev && a.ino == b.ino && a.size == b.size &&
           a.mtime.tv_sec == b.mtime.tv_sec && a.mtime.tv_nsec == b.mtime.tv_nsec;
}

static void utc_now(char out[32])
{
    ik_content_time_text((long long)time(NULL), out);
}

/* Records the outcome of a look for updates (for status.json) and logs it,
 * once while it stays the same (an address that answers 404 every hour for a
 * month is one line). */
static void result(IkUpdater *u, IkLogLevel level, const char *fmt, ...) IK_PRINTF(3, 4);
static void result(IkUpdater *u, IkLogLevel level, const char *fmt, ...)
{
    char text[RESULT_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    pthread_mutex_lock(&u->lock);
    bool repeated = strcmp(text, u->last_result) == 0;
    pthread_mutex_unlock(&u->lock);
    if (!repeated)
        ik_log(level, "update: %s", text);
    pthread_mutex_lock(&u->lock);
    utc_now(u->last_check);
    memcpy(u->last_result, text, sizeof text);
    pthread_mutex_unlock(&u->lock);
    if (!ik_updater_write_status(u))
        ik_log(IK_LOG_WARN, "status: %s", ik_error());
}

/* ---- [SECTION] the shown file --------------------------------------------- */
/* Opens the shown file once it has changed and stayed still for a tick; a
 * verified pack newer than the one on screen becomes ready. */
static void check_pack_file(IkUpdater *u, bool settled)
{
    FileId now = file_id(u->pack_path);
    if (!settled && !same_file(now, u->pack_prev)) {
        u->pack_prev = now;     /* still being written, perhaps: wait a tick */
        return;
    }
    u->pack_prev = now;
    if (!now.exists || same_file(now, u->pack_done))
        return;
    u->pack_done = now;
    char shown[24];
    pthread_mutex_lock(&u->lock);
    memcpy(shown, u->shown_version, sizeof shown);
    /* The pack on screen is read from this very file, and it was written
     * over in place: its pages are refused from now on (packfile.c), so any
     * pack that verifies is better than it, older or expired. */
    bool lost = u->shown_file.exists && now.dev == u->shown_file.dev &&
                now.ino == u->shown_file.ino && !same_file(now, u->shown_file);
    pthread_mutex_unlock(&u->lock);
    if (lost) {
        ik_log(IK_LOG_ERROR, "%s, the pack on screen, was written over in place: "
               "replace a pack by renaming a new file over it", u->pack_path);
        shown[0] = '\0';
    }
    /* with nothing on screen an expired pack is better than none */
    IkContent *c = ik_kiosk_open_pack(&u->config, u->pack_path, shown[0] != '\0');
    if (!c) {
        /* the reason names the file */
        if (shown[0])
            ik_log(IK_LOG_ERROR, "version %s stays on screen; refused %s", shown, ik_error());
        else
            ik_log(IK_LOG_ERROR, "still out of service; refused %s", ik_error());
        return;
    }
    const char *v = ik_content_meta(c, "version");
    if (shown[0] && ik_pack_version_cmp(v, shown) <= 0) {
        ik_log(IK_LOG_WARN, "refused %s: version %s is not newer than version %s on screen",
               u->pack_path, v, shown);
        ik_content_close(c);
        return;
    }
    pthread_mutex_lock(&u->lock);
    ik_content_close(u->ready);
    u->ready = c;
    pthread_mutex_unlock(&u->lock);
    ik_log(IK_LOG_INFO, "pack version %s verified, shown from the next session", v);
    if (u->on_ready)
        u->on_ready(u->on_ready_data);
}

/* ---- [SECTION] inbox -------------------------------------------------------- */
static void install(IkUpdater *u, const char *path, const char *from)
{
    char version[24];
    IkInstallResult r = ik_pack_install_key(u->config.trusted_key, u->config.store, path,
                                            time(NULL), version);
    switch (r) {
    case IK_INSTALL_DONE:
        result(u, IK_LOG_INFO, "installed version %s from %s", version, from);
        check_pack_file(u, true);
        break;
    case IK_INSTALL_NOT_NEWER:
        result(u, IK_LOG_INFO, "nothing newer (%s)", ik_error());
        break;
    case IK_INSTALL_REFUSED:
        /* the reason names the file; a download is named by its address too */
        if (strcmp(from, path) != 0)
            result(u, IK_LOG_ERROR, "refused %s: %s", from, ik_error());
        else
            result(u, IK_LOG_ERROR, "refused %s", ik_error());
        break;
    case IK_INSTALL_FAILED:
        result(u, IK_LOG_ERROR, "cannot install from %s: %s", from, ik_error());
        break;
    }
}

static InboxEntry *inbox_entry(IkUpdater *u, const char *name)
{
    for (size_t i = 0; i < u->inbox_count; i++)
        if (strcmp(u->inbox[i].name, name) == 0)
            return &u->inbox[i];
    u->inbox = ik_xrealloc(u->inbox, u->inbox_count + 1, sizeof *u->inbox);
    InboxEntry *e = &u->inbox[u->inbox_count++];
    memset(e, 0, sizeof *e);
    e->name = ik_xstrdup(name);
    return e;
}

/* A *.pack file is tried once it has stayed the same for a scan (a copy in
 * progress is not a pack yet), and not again until it changes. */
static void scan_inbox(IkUpdater *u)
{
    DIR *dir = opendir(u->config.inbox);
    if (!dir)
        return;     /* a USB stick comes and goes */
    for (size_t i = 0; i < u->inbox_count; i++)
        u->inbox[i].seen = false;
    for (struct dirent *d; (d = readdir(dir));) {
        if (d->d_name[0] == '.' || !ik_str_ends_with(d->d_name, ".pack"))
            continue;
        char *path = ik_path_join(u->config.inbox, d->d_name);
        FileId id = file_id(path);
        if (id.exists) {
            InboxEntry *e = inbox_entry(u, d->d_name);
            e->seen = true;
            if (!same_file(id, e->id)) {
                e->id = id;
                e->handled = false;
            } else if (!e->handled) {
                e->handled = true;
                install(u, path, path);
            }
        }
        free(path);
    }
    closedir(dir);
    /* forget what left the inbox */
    for (size_t i = 0; i < u->inbox_count;) {
        if (u->inbox[i].seen) {
            i++;
            continue;
        }
        free(u->inbox[i].name);
        u->inbox[i] = u->inbox[--u->inbox_count];
    }
}

/* ---- [SECTION] download ----------------------------------------------------
 * store/.download holds the bytes received so far; store/.download.state what
 * the server said: the validators of the last whole response (for If-None-Match
 * and If-Modified-Since) and of the partial one (for If-Range). */
typedef struct {
    char etag[256], modified[128];              /* of the last whole response */
    char partial_etag[256], partial_modified[128];
} Validators;

typedef struct {
    FILE *file;
    curl_off_t offset;          /* bytes already in file before this request */
    curl_off_t received;
    bool started;
    CURL *curl;
    char etag[256], modified[128];
    bool too_big;
} Transfer;

static void load_validators(const char *path, Validators *v)
{
    memset(v, 0, sizeof *v);
    char *text = ik_file_read(path, NULL);
    if (!text)
        return;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *sp = strchr(line, ' ');
        if (!sp)
            continue;
        *sp = '\0';
        const char *val = sp + 1;
        if (!strcmp(line, "etag"))
            snprintf(v->etag, sizeof v->etag, "%s", val);
        else if (!strcmp(line, "modified"))
            snprintf(v->modified, sizeof v->modified, "%s", val);
        else if (!strcmp(line, "partial-etag"))
            snprintf(v->partial_etag, sizeof v->partial_etag, "%s", val);
        else if (!strcmp(line, "partial-modified"))
            snprintf(v->partial_modified, sizeof v->partial_modified, "%s", val);
    }
    free(text);
}

static void save_validators(const char *path, const Validators *v)
{
    char *text = ik_xasprintf("etag %s\nmodified %s\npartial-etag %s\npartial-modified %s\n",
                              v->etag, v->modified, v->partial_etag, v->partial_modified);
    if (!ik_file_write_atomic(path, text, strlen(text)))
        ik_log(IK_LOG_WARN, "update: %s", ik_error());
    free(text);
}

static void header_value(const char *line, size_t n, const char *name, char *out, size_t size)
{
    size_t k = strlen(name);
    if (n <= k || strncasecmp(line, name, k) != 0)
        return;
    const char *v = line + k;
    const char *end = line + n;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
        end--;
    snprintf(out, size, "%.*s", (int)(end - v), v);
}

static size_t on_header(char *line, size_t size, size_t count, void *user)
{
    Transfer *t = user;
    size_t n = size * count;
    if (n >= 5 && strncmp(line, "HTTP/", 5) == 0) {     /* a new response (redirects) */
        t->etag[0] = t->modified[0] = '\0';
        return n;
    }
    header_value(line, n, "etag:", t->etag, sizeof t->etag);
    header_value(line, n, "last-modified:", t->modified, sizeof t->modified);
    return n;
}

static size_t on_body(char *data, size_t size, size_t count, void *user)
{
    Transfer *t = user;
    size_t n = size * count;
    if (!t->started) {
        /* the whole file after all (the server changed it, or cannot resume) */
        long code = 0;
        libcurl.easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &code);
        if (code != 206 && t->offset > 0) {
            if (fflush(t->file) != 0 || ftruncate(fileno(t->file), 0) != 0 ||
                fseek(t->file, 0, SEEK_SET) != 0)
                return 0;
            t->offset = 0;
        }
        t->started = true;
    }
    if ((unsigned long long)(t->offset + t->received) + n > IK_PACK_MAX_BYTES) {
        t->too_big = true;
        return 0;
    }
    if (fwrite(data, 1, n, t->file) != n)
        return 0;
    t->received += (curl_off_t)n;
    return n;
}

/* The request's conditions: resume the partial file when the server can
 * tell its file did not change (If-Range), else start it again; a fresh
 * start asks for nothing new since the last whole response (a 304).
 * False, with the result told, when the partial file cannot be emptied. */
static bool conditions(IkUpdater *u, Transfer *t, const Validators *v, const char *part,
                       struct curl_slist **headers)
{
    fseek(t->file, 0, SEEK_END);
    t->offset = ftell(t->file);
    if (t->offset > 0 && (v->partial_etag[0] || v->partial_modified[0])) {
        char *h = ik_xasprintf("If-Range: %s", v->partial_etag[0] ? v->partial_etag
                                                                     : v->partial_modified);
        *headers = libcurl.slist_append(*headers, h);
        free(h);
        libcurl.easy_setopt(t->curl, CURLOPT_RESUME_FROM_LARGE, t->offset);
    } else if (t->offset > 0) {
        /* nothing to prove the server's file is the same: start again */
        if (ftruncate(fileno(t->file), 0) != 0 || fseek(t->file, 0, SEEK_SET) != 0) {
            result(u, IK_LOG_ERROR, "cannot download into %s: %s", part, strerror(errno));
            return false;
        }
        t->offset = 0;
    }
    if (t->offset == 0) {
        char *h;
        if (v->etag[0]) {
            h = ik_xasprintf("If-None-Match: %s", v->etag);
            *headers = libcurl.slist_append(*headers, h);
            free(h);
        }
        if (v->modified[0]) {
            h = ik_xasprintf("If-Modified-Since: %s", v->modified);
            *headers = libcurl.slist_append(*headers, h);
            free(h);
        }
    }
    return true;
}

/* HTTPS only, redirects followed, a stalled transfer dropped. */
static void set_transfer(IkUpdater *u, Transfer *t, struct curl_slist *headers, char *errbuf)
{
    CURL *curl = t->curl;
    libcurl.easy_setopt(curl, CURLOPT_URL, u->config.update_url);
    libcurl.easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "https");
    libcurl.easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "https");
    libcurl.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    libcurl.easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
    libcurl.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    libcurl.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 30L);
    /* a stalled transfer is dropped and resumed at the next poll */
    libcurl.easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 100L);
    libcurl.easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, 60L);
    libcurl.easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    libcurl.easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    libcurl.easy_setopt(curl, CURLOPT_HEADERDATA, t);
    libcurl.easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    libcurl.easy_setopt(curl, CURLOPT_WRITEDATA, t);
    libcurl.easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    libcurl.easy_setopt(curl, CURLOPT_USERAGENT, "incontro-kiosk/" IK_VERSION);
    if (u->config.update_ca[0])
        libcurl.easy_setopt(curl, CURLOPT_CAINFO, u->config.update_ca);
}

/* What the answer means for the partial file and the validators: not
 * modified, too big, whole (installed), not resumable, refused, or cut off
 * (kept to resume when the server can tell its file did not change). */
static void settle(IkUpdater *u, const Transfer *t, CURLcode rc, bool flushed, Validators *v,
                   const char *part, const char *state, const char *errbuf)
{
    long code = 0;
    libcurl.easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &code);
    curl_off_t have = t->offset + t->received;
    const char *url = u->config.update_url;
    if (rc == CURLE_OK && code == 304) {
        result(u, IK_LOG_DEBUG, "%s: not modified", url);
        unlink(part);
    } else if (t->too_big) {
        result(u, IK_LOG_ERROR, "refused %s: over %llu bytes", url, IK_PACK_MAX_BYTES);
        unlink(part);
    } else if (rc == CURLE_OK && (code == 200 || code == 206) && flushed) {
        /* whole: install it, and do not fetch these bytes again */
        snprintf(v->etag, sizeof v->etag, "%s", t->etag);
        snprintf(v->modified, sizeof v->modified, "%s", t->modified);
        v->partial_etag[0] = v->partial_modified[0] = '\0';
        install(u, part, url);
        save_validators(state, v);
        unlink(part);
    } else if (rc == CURLE_OK && code == 416) {
        /* our partial file is not a prefix of theirs any more */
        result(u, IK_LOG_WARN, "%s: cannot resume, starting again", url);
        unlink(part);
    } else if (rc == CURLE_OK) {
        result(u, IK_LOG_ERROR, "%s: HTTP %ld", url, code);
        unlink(part);
    } else {
        bool resumable = have > 0 && (t->etag[0] || t->modified[0]);
        snprintf(v->partial_etag, sizeof v->partial_etag, "%s", resumable ? t->etag : "");
        snprintf(v->partial_modified, sizeof v->partial_modified, "%s",
                 resumable ? t->modified : "");
        save_validators(state, v);
        if (!resumable)
            unlink(part);
        result(u, IK_LOG_WARN, "%s: download interrupted after %lld bytes (%s)%s", url,
               (long long)have, errbuf[0] ? errbuf : libcurl.easy_strerror(rc),
               resumable ? "; it resumes at the next poll" : "");
    }
}

/* One conditional, resumable GET of the update address; a whole new file is
 * installed through the one install path. */
static void poll_url(IkUpdater *u)
{
    char *part = ik_path_join(u->config.store, ".download");
    char *state = ik_path_join(u->config.store, ".download.state");
    Validators v;
    Transfer t;
    struct curl_slist *headers = NULL;
    char errbuf[CURL_ERROR_SIZE] = "";
    memset(&t, 0, sizeof t);
    mkdir(u->config.store, 0755);
    load_validators(state, &v);
    t.file = fopen(part, "ab");
    t.curl = libcurl.easy_init();
    if (!t.file || !t.curl) {
        result(u, IK_LOG_ERROR, "cannot download into %s: %s", part,
               t.file ? "libcurl cannot start" : strerror(errno));
        goto done;
    }
    if (!conditions(u, &t, &v, part, &headers))
        goto done;
    set_transfer(u, &t, headers, errbuf);
    CURLcode rc = libcurl.easy_perform(t.curl);
    bool flushed = fflush(t.file) == 0 && fsync(fileno(t.file)) == 0;
    fclose(t.file);
    t.file = NULL;
    settle(u, &t, rc, flushed, &v, part, state, errbuf);
done:
    if (t.file)
        fclose(t.file);
    libcurl.slist_free_all(headers);
    libcurl.easy_cleanup(t.curl);
    free(part);
    free(state);
}

/* ---- [SECTION] status ------------------------------------------------------- */
bool ik_updater_write_status(IkUpdater *u)
{
    if (!u->config.status_file[0])
        return true;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    char *folder = u->config.store[0] ? ik_xstrdup(u->config.store)
                                      : ik_xstrdup(u->config.status_file);
    if (!u->config.store[0]) {
        char *slash = strrchr(folder, '/');
        if (slash)
            *slash = '\0';
        else
            strcpy(folder, ".");
    }
    struct statvfs fs;
    long long free_bytes = statvfs(folder, &fs) == 0 ? (long long)fs.f_bavail * (long long)fs.f_frsize
                                                     : -1;
    free(folder);
    char written[32], expires[32] = "";
    utc_now(written);
    IkBuf b = {0};
    pthread_mutex_lock(&u->lock);
    const char *state = !u->shown_version[0] ? "out-of-service"
                        : u->shown_expires && u->shown_expires < (long long)time(NULL) ? "expired"
                                                                                       : "ok";
    if (u->shown_expires)
        ik_content_time_text(u->shown_expires, expires);
    ik_buf_printf(&b, "{\n  \"kiosk_version\": \"%s\",\n  \"state\": \"%s\",\n  \"pack_version\": ",
                  IK_VERSION, state);
    if (u->shown_version[0])
        ik_buf_json_string(&b, u->shown_version);
    else
        ik_buf_puts(&b, "null");
    ik_buf_puts(&b, ",\n  \"pack_expires\": ");
    if (expires[0])
        ik_buf_json_string(&b, expires);
    else
        ik_buf_puts(&b, "null");
    ik_buf_puts(&b, ",\n  \"last_update_check\": ");
    if (u->last_check[0])
        ik_buf_json_string(&b, u->last_check);
    else
        ik_buf_puts(&b, "null");
    ik_buf_puts(&b, ",\n  \"last_update_result\": ");
    if (u->last_result[0])
        ik_buf_json_string(&b, u->last_result);
    else
        ik_buf_puts(&b, "null");
    pthread_mutex_unlock(&u->lock);
    ik_buf_printf(&b, ",\n  \"uptime_seconds\": %lld,\n  \"free_disk_bytes\": %lld,\n"
                      "  \"written\": \"%s\"\n}\n",
                  (long long)(now.tv_sec - u->started.tv_sec), free_bytes, written);
    bool ok = ik_file_write_atomic(u->config.status_file, b.data, b.len);
    ik_buf_free(&b);
    return ok;
}

/* ---- [SECTION] watching -----------------------------------------------------
 * inotify on the folder of the shown file and on the inbox; a folder that
 * does not exist yet is watched through its nearest existing parent, so its
 * creation is a change too. Watches are set again after every change (a
 * folder created, a stick mounted), on a new inotify descriptor: what
 * happens meanwhile is found by the looks that follow every change. */
static char *folder_of(const char *path)
{
    char *f = ik_xstrdup(path);
    char *slash = strrchr(f, '/');
    if (!slash)
        strcpy(f, ".");
    else if (slash == f)
        f[1] = '\0';
    else
        *slash = '\0';
    return f;
}

static void watch_folder(int fd, const char *folder)
{
    const uint32_t mask = IN_CREATE | IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM |
                          IN_DELETE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
    char *path = ik_xstrdup(folder);
    while (inotify_add_watch(fd, path, mask) < 0 && (errno == ENOENT || errno == ENOTDIR) &&
           strcmp(path, "/") != 0 && strcmp(path, ".") != 0) {
        char *parent = folder_of(path);
        free(path);
        path = parent;
    }
    free(path);
}

static void rewatch(IkUpdater *u)
{
    if (u->inotify_fd >= 0)
        close(u->inotify_fd);
    u->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (u->inotify_fd < 0) {
        ik_log(IK_LOG_WARN, "update: no inotify (%s): looking every second", strerror(errno));
        return;
    }
    char *shown = folder_of(u->pack_path);
    watch_folder(u->inotify_fd, shown);
    free(shown);
    if (u->config.inbox[0])
        watch_folder(u->inotify_fd, u->config.inbox);
}

/* Sleeps until a watched change (true), the timeout (-1: none) or a wake to
 * stop (false). */
static bool wait_change(IkUpdater *u, int timeout_ms)
{
    struct pollfd p[3] = {{.fd = u->wake[0], .events = POLLIN},
                          {.fd = u->inotify_fd, .events = POLLIN},
                          {.fd = u->mounts_fd, .events = POLLPRI}};
    if (poll(p, 3, timeout_ms) <= 0)
        return false;   /* the timeout, or a signal: the caller looks again */
    if (p[0].revents)
        ik_fd_drain(u->wake[0]);
    if (p[1].revents & POLLIN)
        ik_fd_drain(u->inotify_fd);
    return (p[1].revents & POLLIN) || (p[2].revents & (POLLPRI | POLLERR));
}

/* Milliseconds until the next address poll or status heartbeat, -1 when
 * neither is configured. */
static int until_due_ms(const IkUpdater *u)
{
    long long due = -1;
    if (u->config.update_url[0])
        due = u->next_poll;
    if (u->config.status_file[0] && (due < 0 || u->next_status < due))
        due = u->next_status;
    if (due < 0)
        return -1;
    long long s = due - monotonic_s();
    return s <= 0 ? 0 : (int)(s * 1000);
}

/* ---- [SECTION] thread ------------------------------------------------------- */
IkUpdater *ik_updater_create(const IkConfig *config, const char *pack_path)
{
    IkUpdater *u = ik_xcalloc(1, sizeof *u);
    u->config = *config;
    /* installs land in the store: that is the file to watch */
    u->pack_path = config->store[0] ? ik_path_join(config->store, "current.pack")
                                    : ik_xstrdup(pack_path);
    pthread_mutex_init(&u->lock, NULL);
    u->wake[0] = u->wake[1] = u->inotify_fd = u->mounts_fd = -1;
    clock_gettime(CLOCK_MONOTONIC, &u->started);
    /* what is on disk now was opened (or refused) at start-up */
    u->pack_prev = u->pack_done = file_id(u->pack_path);
    return u;
}

void ik_updater_step(IkUpdater *u, bool poll_now)
{
    check_pack_file(u, false);
    if (u->config.inbox[0])
        scan_inbox(u);
    long long now = monotonic_s();
    if (u->config.update_url[0] && (poll_now || now >= u->next_poll)) {
        u->next_poll = now + u->config.update_interval;
        poll_url(u);
    }
    if (u->config.status_file[0] && now >= u->next_status) {
        u->next_status = now + STATUS_SECONDS;
        if (!ik_updater_write_status(u))
            ik_log(IK_LOG_WARN, "status: %s", ik_error());
    }
}

static bool stopping(IkUpdater *u)
{
    pthread_mutex_lock(&u->lock);
    bool stop = u->stop;
    pthread_mutex_unlock(&u->lock);
    return stop;
}

static void *run(void *arg)
{
    IkUpdater *u = arg;
    prctl(PR_SET_NAME, "ik-updater", 0, 0, 0);
    int settle = SETTLE_TICKS;      /* what was there at start settles too */
    while (!stopping(u)) {
        ik_updater_step(u, false);
        int timeout = settle > 0 || u->inotify_fd < 0 ? TICK_MS : until_due_ms(u);
        if (settle > 0)
            settle--;
        if (wait_change(u, timeout)) {
            rewatch(u);
            settle = SETTLE_TICKS;
        }
    }
    return NULL;
}

void ik_updater_on_ready(IkUpdater *u, void (*fn)(void *data), void *data)
{
    u->on_ready = fn;
    u->on_ready_data = data;
}

bool ik_updater_start(IkUpdater *u)
{
    static bool curl_ready;
    if (u->config.update_url[0] && !curl_ready) {
        /* not thread-safe: here, before any thread */
        if (!load_libcurl())
            return false;
        if (libcurl.global_init(CURL_GLOBAL_DEFAULT) != 0)
            return ik_fail("libcurl cannot start");
        curl_ready = true;
    }
    if (pipe(u->wake) != 0)
        return ik_fail("cannot start the updater: %s", strerror(errno));
    for (int i = 0; i < 2; i++) {
        fcntl(u->wake[i], F_SETFD, FD_CLOEXEC);
        fcntl(u->wake[i], F_SETFL, O_NONBLOCK);
    }
    u->mounts_fd = open("/proc/self/mounts", O_RDONLY | O_CLOEXEC);
    rewatch(u);
    if (pthread_create(&u->thread, NULL, run, u) != 0)
        return ik_fail("cannot start the updater thread");
    u->running = true;
    return true;
}

void ik_updater_destroy(IkUpdater *u)
{
    if (!u)
        return;
    if (u->running) {
        pthread_mutex_lock(&u->lock);
        u->stop = true;
        pthread_mutex_unlock(&u->lock);
        if (write(u->wake[1], "", 1) < 0 && errno != EAGAIN)
            ik_log(IK_LOG_WARN, "update: cannot wake the thread: %s", strerror(errno));
        pthread_join(u->thread, NULL);
    }
    int fds[] = {u->wake[0], u->wake[1], u->inotify_fd, u->mounts_fd};
    for (size_t i = 0; i < sizeof fds / sizeof *fds; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    ik_content_close(u->ready);
    for (size_t i = 0; i < u->inbox_count; i++)
        free(u->inbox[i].name);
    free(u->inbox);
    free(u->pack_path);
    pthread_mutex_destroy(&u->lock);
    free(u);
}

IkContent *ik_updater_take(IkUpdater *u)
{
    pthread_mutex_lock(&u->lock);
    IkContent *c = u->ready;
    u->ready = NULL;
    pthread_mutex_unlock(&u->lock);
    return c;
}

void ik_updater_shown(IkUpdater *u, IkContent *c)
{
    pthread_mutex_lock(&u->lock);
    const IkManifest *m = c ? ik_content_manifest(c) : NULL;
    snprintf(u->shown_version, sizeof u->shown_version, "%s",
             c ? ik_content_meta(c, "version") : "");
    u->shown_expires = m ? m->expires : 0;
    const struct stat *st = c ? ik_content_file_stat(c) : NULL;
    memset(&u->shown_file, 0, sizeof u->shown_file);
    if (st)
        u->shown_file = (FileId){.dev = st->st_dev, .ino = st->st_ino, .size = st->st_size,
                                 .mtime = st->st_mtim, .exists = true};
    pthread_mutex_unlock(&u->lock);
}

bool ik_kiosk_take_update(IkKiosk *k, IkUpdater *u)
{
    IkSceneId scene = ik_kiosk_scene(k);
    if ((scene != IK_SCENE_ATTRACT && scene != IK_SCENE_OUT_OF_SERVICE) ||
        k->gestures.state != IK_POINTER_UP)
        return false;   /* a reader is there: never under their finger */
    IkContent *c = ik_updater_take(u);
    if (!c)
        return false;
    IkContent *old = ik_kiosk_swap(k, c);
    ik_log(IK_LOG_WARN, "now showing pack version %s (was %s)", ik_content_meta(c, "version"),
           old ? ik_content_meta(old, "version") : "out of service");
    ik_content_close(old);
    ik_updater_shown(u, c);
    if (!ik_updater_write_status(u))
        ik_log(IK_LOG_WARN, "status: %s", ik_error());
    return true;
}
