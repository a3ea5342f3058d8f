/* peer_run: measures programs that show the same screen, one after the
 * other on one X server (bench/peer starts an Xvfb and calls this), and
 * prints a table with medians and ratios. For each run of each program:
 *
 *   first frame  process start (just before fork) to the first moment the
 *                screen shows what it shows once everything has settled.
 *                The same observer for every program: the X DAMAGE
 *                extension says when the screen changed, then the whole
 *                screen is read (MIT-SHM) and hashed; the settled screen is
 *                the last one after 2 s without damage, and the figure is
 *                the time of the first read that equals it.
 *   self-report  for the kiosk, its own IK_FRAME_LOG line written just after
 *                its first SDL_RenderPresent returned (a check on the
 *                observer's delay).
 *   PSS          sum of Pss in /proc/PID/smaps_rollup over every process
 *                the program started (this tool is their child subreaper,
 *                so daemonized helpers are still counted), 1 s after the
 *                screen settled; by category from /proc/PID/smaps.
 *   idle CPU     CPU time of all their threads (/proc/PID/task/TID/schedstat,
 *                nanoseconds) over the next IDLE seconds with no input, and
 *                the screen updates seen meanwhile.
 *   after        with --search-script, the kiosk (software renderer) once
 *   searching    more, first playing a reader's session of searches
 *                (IK_START_SCRIPT); its PSS is measured the same way, once
 *                the screen settled after the session.
 *   after the    with --ended-script, the same with a session that ends as
 *   session      a reader's does (they walk away: the idle reset), measured
 *   ended        on the attract screen that follows.
 *
 * Nothing here asserts a target: figures are printed. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/prctl.h>
#include <sys/select.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>
#include <X11/extensions/Xdamage.h>

#define MAX_RUNS 50
#define MAX_PROGRAMS 4
#define SCRIPT_TIMEOUT_MS 600000    /* a start script's session, at most */
#define MAX_ARGS 32
#define MAX_SAMPLES 4096
#define SETTLE_MS 2000      /* no screen change this long: settled */
#define START_TIMEOUT_MS 60000

/* ---- memory categories ---------------------------------------------------- */
enum { CAT_HEAP, CAT_ANON, CAT_SHM, CAT_FONTS, CAT_GL, CAT_LIBS, CAT_EXE, CAT_OTHER, CAT_COUNT };
static const char *const cat_names[CAT_COUNT] = {
    "heap", "anonymous", "shared mem", "font files", "GL driver", "other libs", "program", "other files"};

typedef struct {
    double first_ms;            /* start to the settled screen's first showing */
    double change_ms;           /* start to the first change on screen */
    double self_ms;             /* the program's own first-present line (-1: none) */
    double cpu_first_s;         /* CPU time of the tree when first frame was seen */
    double pss_mib;
    double cat_mib[CAT_COUNT];
    double processes;
    double idle_cpu_s;
    double idle_updates;        /* screen damage events while idle */
    double idle_frames;         /* frames the program logged while idle (-1: n/a) */
} Run;

typedef struct {
    const char *name;
    const char *slug;           /* file names: screen-SLUG.png */
    char *argv[MAX_ARGS];
    const char *env[8];         /* NAME=VALUE set, or NAME unset, for the child */
    bool frame_log;             /* the program writes IK_FRAME_LOG */
    bool fresh_profile;         /* argv has a NEW_PROFILE placeholder */
    bool start_script;          /* plays IK_START_SCRIPT first: settled once it serves */
    Run runs[MAX_RUNS];
    int run_count;
} Program;

/* ---- time, text ------------------------------------------------------------ */
static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void sleep_ms(double ms)
{
    struct timespec t = {(time_t)(ms / 1000), (long)((ms - (double)(long)(ms / 1000) * 1000) * 1e6)};
    while (nanosleep(&t, &t) != 0 && errno == EINTR)
        ;
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *s = malloc(cap);
    for (;;) {
        size_t r = fread(s + n, 1, cap - n - 1, f);
        n += r;
        if (n + 1 < cap)
            break;
        cap *= 2;
        s = realloc(s, cap);
    }
    s[n] = '\0';
    fclose(f);
    return s;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    if (n <= 0)
        return -1;
    double *c = malloc(sizeof *c * (size_t)n);
    memcpy(c, v, sizeof *c * (size_t)n);
    qsort(c, (size_t)n, sizeof *c, cmp_double);
    double m = n % 2 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    free(c);
    return m;
}

/* ---- process tree ---------------------------------------------------------- */
/* Every descendant of this process (its children, theirs, and orphans it
 * reaps as subreaper). Returns the count written to pids. */
static int descendants(pid_t *pids, int max)
{
    enum { MAXP = 8192 };
    static pid_t all[MAXP], parent[MAXP];
    int n = 0, out = 0;
    DIR *d = opendir("/proc");
    struct dirent *e;
    while (d && (e = readdir(d)) && n < MAXP) {
        if (!isdigit((unsigned char)e->d_name[0]))
            continue;
        char path[300];
        snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
        char *s = read_text(path);
        if (!s)
            continue;
        char *rp = strrchr(s, ')');
        int ppid = 0;
        char state;
        if (rp && sscanf(rp + 1, " %c %d", &state, &ppid) == 2 && state != 'Z') {
            all[n] = atoi(e->d_name);
            parent[n++] = ppid;
        }
        free(s);
    }
    if (d)
        closedir(d);
    pids[out++] = getpid();
    /* Breadth-first from ourselves; our own entry is dropped at the end. */
    for (int i = 0; i < out; i++)
        for (int j = 0; j < n; j++)
            if (parent[j] == pids[i] && out < max)
                pids[out++] = all[j];
    memmove(pids, pids + 1, sizeof *pids * (size_t)(out - 1));
    return out - 1;
}

static int category(const char *path, const char *exe)
{
    if (!*path)
        return CAT_ANON;
    if (strcmp(path, "[heap]") == 0)
        return CAT_HEAP;
    if (path[0] == '[')
        return CAT_ANON;                    /* stack, anon:..., vdso */
    if (strncmp(path, "/memfd:", 7) == 0 || strncmp(path, "/dev/shm", 8) == 0 ||
        strncmp(path, "/SYSV", 5) == 0 || strstr(path, "(deleted)"))
        return CAT_SHM;
    if (strstr(path, "/fonts/") || strstr(path, ".ttf") || strstr(path, ".ttc") ||
        strstr(path, ".otf"))
        return CAT_FONTS;
    static const char *const gl[] = {"libLLVM", "_dri.so", "libgallium", "libGLX", "libGL.so",
                                     "libGLdispatch", "libglapi", "libEGL", "libGLES",
                                     "libvulkan", "swiftshader", "libdrm", "libgbm"};
    for (size_t i = 0; i < sizeof gl / sizeof *gl; i++)
        if (strstr(path, gl[i]))
            return CAT_GL;
    if (strstr(path, ".so"))
        return CAT_LIBS;
    if (exe && strcmp(path, exe) == 0)
        return CAT_EXE;
    return CAT_OTHER;
}

/* Adds pid's Pss (kB) by category; returns its total. */
static long smaps_categories(pid_t pid, double *cat_kb)
{
    char path[64], exe[512] = "";
    snprintf(path, sizeof path, "/proc/%d/exe", (int)pid);
    ssize_t n = readlink(path, exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = '\0';
    snprintf(path, sizeof path, "/proc/%d/smaps", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char line[1024];
    int cat = CAT_OTHER;
    long total = 0;
    while (fgets(line, sizeof line, f)) {
        long kb;
        if (sscanf(line, "Pss: %ld kB", &kb) == 1) {
            cat_kb[cat] += (double)kb;
            total += kb;
        } else if (strchr(line, '-') && isxdigit((unsigned char)line[0]) && strchr(line, ' ')) {
            /* "start-end perms offset dev inode   path" */
            char *p = line;
            for (int field = 0; field < 5 && p; field++) {
                p = strchr(p, ' ');
                while (p && *p == ' ')
                    p++;
            }
            char *nl = p ? strchr(p, '\n') : NULL;
            if (nl)
                *nl = '\0';
            cat = category(p ? p : "", exe);
        }
    }
    fclose(f);
    return total;
}

static long rollup_pss(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/smaps_rollup", (int)pid);
    char *s = read_text(path);
    long kb = 0;
    const char *p = s ? strstr(s, "\nPss:") : NULL;
    if (p)
        sscanf(p + 5, "%ld", &kb);
    free(s);
    return kb;
}

/* CPU time of every thread of every process of the tree, in seconds. */
static double tree_cpu(void)
{
    pid_t pids[4096];
    int n = descendants(pids, 4096);
    double total = 0;
    for (int i = 0; i < n; i++) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/task", (int)pids[i]);
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (!isdigit((unsigned char)e->d_name[0]))
                continue;
            char sp[320];
            snprintf(sp, sizeof sp, "/proc/%d/task/%s/schedstat", (int)pids[i], e->d_name);
            char *s = read_text(sp);
            unsigned long long ns = 0;
            if (s && sscanf(s, "%llu", &ns) == 1)
                total += (double)ns / 1e9;
            free(s);
        }
        if (d)
            closedir(d);
    }
    return total;
}

static void kill_tree(void)
{
    pid_t pids[4096];
    int n = descendants(pids, 4096);
    for (int i = 0; i < n; i++)
        kill(pids[i], SIGTERM);
    double until = now_ms() + 5000;
    while (now_ms() < until) {
        while (waitpid(-1, NULL, WNOHANG) > 0)
            ;
        if (descendants(pids, 4096) == 0)
            return;
        sleep_ms(20);
    }
    n = descendants(pids, 4096);
    for (int i = 0; i < n; i++)
        kill(pids[i], SIGKILL);
    while (waitpid(-1, NULL, 0) > 0)
        ;
}

/* ---- the screen -------------------------------------------------------------- */
typedef struct {
    Display *dpy;
    Window root;
    XImage *image;
    XShmSegmentInfo shm;
    Damage damage;
    int damage_event;
    int width, height;
} Observer;

static bool screen_open(Observer *s)
{
    int error;
    memset(s, 0, sizeof *s);
    s->dpy = XOpenDisplay(NULL);
    if (!s->dpy) {
        fprintf(stderr, "peer_run: cannot open display %s\n", getenv("DISPLAY"));
        return false;
    }
    s->root = DefaultRootWindow(s->dpy);
    int screen = DefaultScreen(s->dpy);
    s->width = DisplayWidth(s->dpy, screen);
    s->height = DisplayHeight(s->dpy, screen);
    if (!XShmQueryExtension(s->dpy) || !XDamageQueryExtension(s->dpy, &s->damage_event, &error)) {
        fprintf(stderr, "peer_run: the X server lacks MIT-SHM or DAMAGE\n");
        return false;
    }
    s->image = XShmCreateImage(s->dpy, DefaultVisual(s->dpy, screen), (unsigned)DefaultDepth(s->dpy, screen),
                               ZPixmap, NULL, &s->shm, (unsigned)s->width, (unsigned)s->height);
    s->shm.shmid = shmget(IPC_PRIVATE, (size_t)s->image->bytes_per_line * (size_t)s->height,
                          IPC_CREAT | 0600);
    s->shm.shmaddr = s->image->data = shmat(s->shm.shmid, NULL, 0);
    s->shm.readOnly = False;
    XShmAttach(s->dpy, &s->shm);
    shmctl(s->shm.shmid, IPC_RMID, NULL);
    s->damage = XDamageCreate(s->dpy, s->root, XDamageReportNonEmpty);
    XSync(s->dpy, False);
    return true;
}

static void screen_close(Observer *s)
{
    if (!s->dpy)
        return;
    XDamageDestroy(s->dpy, s->damage);
    XShmDetach(s->dpy, &s->shm);
    XDestroyImage(s->image);
    shmdt(s->shm.shmaddr);
    XCloseDisplay(s->dpy);
}

/* A 64-bit hash of the whole screen. */
static uint64_t screen_hash(Observer *s)
{
    XShmGetImage(s->dpy, s->root, s->image, 0, 0, AllPlanes);
    const uint64_t *w = (const uint64_t *)s->image->data;
    size_t n = (size_t)s->image->bytes_per_line * (size_t)s->height / 8;
    uint64_t h = 0x9E3779B97F4A7C15ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ w[i]) * 0x100000001B3ull;
    return h;
}

/* Waits up to ms for damage; true when some came (and re-arms it). */
static int wait_damage(Observer *s, double ms)
{
    int events = 0;
    double until = now_ms() + ms;
    for (;;) {
        while (XPending(s->dpy)) {
            XEvent e;
            XNextEvent(s->dpy, &e);
            if (e.type == s->damage_event + XDamageNotify)
                events++;
        }
        if (events) {
            XDamageSubtract(s->dpy, s->damage, None, None);
            XSync(s->dpy, False);
            return events;
        }
        double left = until - now_ms();
        if (left <= 0)
            return 0;
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(ConnectionNumber(s->dpy), &fds);
        struct timeval tv = {(time_t)(left / 1000), (suseconds_t)((left - (double)(long)(left / 1000) * 1000) * 1000)};
        select(ConnectionNumber(s->dpy) + 1, &fds, NULL, NULL, &tv);
    }
}

/* ---- one run ----------------------------------------------------------------- */
static bool run_once(Program *p, Observer *scr, uint64_t blank, int idle_s, const char *tmp,
                     const char *shot, Run *r)
{
    char frame_log[512], profile[512];
    char *argv[MAX_ARGS];
    memset(r, 0, sizeof *r);
    r->self_ms = -1;
    r->idle_frames = -1;
    snprintf(frame_log, sizeof frame_log, "%s/frames-%s-%d.log", tmp, p->name, p->run_count);
    snprintf(profile, sizeof profile, "%s/profile-%s-%d", tmp, p->name, p->run_count);
    for (int i = 0; i < MAX_ARGS; i++) {
        argv[i] = p->argv[i];
        if (argv[i] && strcmp(argv[i], "NEW_PROFILE") == 0) {
            static char arg[600];
            /* A new empty profile, but for one preference: no offer to
             * translate the page (a bubble over it otherwise; no command-line
             * switch turns it off any more). */
            char prefs[600];
            mkdir(profile, 0700);
            snprintf(prefs, sizeof prefs, "%s/Default", profile);
            mkdir(prefs, 0700);
            snprintf(prefs, sizeof prefs, "%s/Default/Preferences", profile);
            FILE *f = fopen(prefs, "w");
            if (f) {
                fputs("{\"translate\": {\"enabled\": false}}\n", f);
                fclose(f);
            }
            snprintf(arg, sizeof arg, "--user-data-dir=%s", profile);
            argv[i] = arg;
        }
    }
    /* The screen is back to the bare root window before we start. */
    for (int i = 0; i < 100 && screen_hash(scr) != blank; i++)
        sleep_ms(50);
    wait_damage(scr, 0);

    static double times[MAX_SAMPLES], cpu[MAX_SAMPLES];
    static uint64_t hashes[MAX_SAMPLES];
    int samples = 0;
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        for (int i = 0; p->env[i]; i++) {
            if (strchr(p->env[i], '='))
                putenv((char *)p->env[i]);
            else
                unsetenv(p->env[i]);
        }
        if (p->frame_log)
            setenv("IK_FRAME_LOG", frame_log, 1);
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 1);
        dup2(devnull, 2);
        execvp(argv[0], argv);
        _exit(127);
    }
    if (pid < 0)
        return false;
    /* Watch the screen until it has not changed for SETTLE_MS (after a
     * start script: from its first frame in service, the first line of
     * its frame log, which the script's own frames do not write). */
    double last_change = t0, timeout = p->start_script ? SCRIPT_TIMEOUT_MS : START_TIMEOUT_MS;
    bool shown = false, serving = !p->start_script;
    while (now_ms() - t0 < timeout) {
        int ev = wait_damage(scr, 50);
        double t = now_ms();
        if (ev) {
            uint64_t h = screen_hash(scr);
            if (samples < MAX_SAMPLES && (samples == 0 || hashes[samples - 1] != h)) {
                times[samples] = t - t0;
                /* CPU spent so far, all processes: on a busy machine the
                 * time to first frame follows the load, this far less. */
                cpu[samples] = tree_cpu();
                hashes[samples++] = h;
                last_change = t;
            }
            shown |= h != blank;
        }
        if (!serving) {
            struct stat st;
            serving = stat(frame_log, &st) == 0 && st.st_size > 0;
            if (serving)
                last_change = t;
        }
        if (shown && serving && t - last_change >= SETTLE_MS)
            break;
        if (waitpid(pid, NULL, WNOHANG) == pid) {
            fprintf(stderr, "peer_run: %s exited during start-up\n", p->name);
            kill_tree();
            return false;
        }
    }
    if (!shown || !serving || samples == 0) {
        fprintf(stderr, "peer_run: %s showed nothing in %.0f s\n", p->name, timeout / 1000);
        kill_tree();
        return false;
    }
    uint64_t final = hashes[samples - 1];
    if (shot) {
        /* The image still holds the last screen read: the settled one. */
        SDL_Surface *sf = SDL_CreateRGBSurfaceWithFormatFrom(
            scr->image->data, scr->width, scr->height, 32, scr->image->bytes_per_line,
            SDL_PIXELFORMAT_XRGB8888);
        if (!sf || IMG_SavePNG(sf, shot) != 0)
            fprintf(stderr, "peer_run: %s: %s\n", shot, SDL_GetError());
        SDL_FreeSurface(sf);
    }
    for (int i = 0; i < samples; i++)
        if (hashes[i] == final) {
            r->first_ms = times[i];
            r->cpu_first_s = cpu[i];
            break;
        }
    for (int i = 0; i < samples; i++)
        if (hashes[i] != blank) {
            r->change_ms = times[i];
            break;
        }
    if (p->frame_log) {
        char *log = read_text(frame_log);
        double end;
        unsigned long n;
        char scene[32];
        if (log && sscanf(log, "frame %lu %31s %lf", &n, scene, &end) == 3)
            r->self_ms = end - t0;
        free(log);
    }

    /* Memory, once settled. */
    sleep_ms(1000);
    pid_t pids[4096];
    int n = descendants(pids, 4096);
    double cat_kb[CAT_COUNT] = {0};
    long pss = 0;
    for (int i = 0; i < n; i++) {
        pss += rollup_pss(pids[i]);
        smaps_categories(pids[i], cat_kb);
    }
    r->processes = n;
    r->pss_mib = (double)pss / 1024.0;
    for (int c = 0; c < CAT_COUNT; c++)
        r->cat_mib[c] = cat_kb[c] / 1024.0;

    /* Idle: no input, count CPU and screen updates. */
    int frames_before = 0;
    if (p->frame_log) {
        char *log = read_text(frame_log);
        for (char *q = log; q && (q = strchr(q, '\n')); q++)
            frames_before++;
        free(log);
    }
    double c0 = tree_cpu(), until = now_ms() + idle_s * 1000.0;
    while (now_ms() < until)
        r->idle_updates += wait_damage(scr, until - now_ms()) > 0 ? 1 : 0;
    r->idle_cpu_s = tree_cpu() - c0;
    if (p->frame_log) {
        char *log = read_text(frame_log);
        int frames = 0;
        for (char *q = log; q && (q = strchr(q, '\n')); q++)
            frames++;
        r->idle_frames = frames - frames_before;
        free(log);
    }
    kill_tree();
    unlink(frame_log);
    return true;
}

/* ---- report ------------------------------------------------------------------- */
/* Median over a program's runs of the double at offset in Run. */
static double med(const Program *p, size_t offset)
{
    double v[MAX_RUNS];
    for (int i = 0; i < p->run_count; i++)
        memcpy(&v[i], (const char *)&p->runs[i] + offset, sizeof v[i]);
    return median(v, p->run_count);
}
#define MED(prog, field) med(prog, offsetof(Run, field))

/* The start-script kiosk's figures of start-up say nothing: it is left out
 * of the tables of start-up and ratios. */
static void report(Program *progs, int count, int idle_s, Program *searched, Program *ended)
{
    Program *peer = &progs[count - 1];
    printf("\nMedians of %d runs each (first frame: process start to the settled screen first shown; "
           "PSS: whole process tree; idle: %d s without input)\n\n", peer->run_count, idle_s);
    printf("| program | first frame | first change | self-reported | CPU to first frame | PSS | "
           "processes | idle CPU | idle screen updates |\n|---|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < count; i++) {
        Program *p = &progs[i];
        if (!p->run_count)
            continue;
        double self = MED(p, self_ms);
        char selfs[32] = "—";
        if (self >= 0)
            snprintf(selfs, sizeof selfs, "%.0f ms", self);
        printf("| %s | %.0f ms | %.0f ms | %s | %.0f ms | %.1f MiB | %.0f | %.3f s | %.0f |\n",
               p->name, MED(p, first_ms), MED(p, change_ms), selfs, 1000 * MED(p, cpu_first_s),
               MED(p, pss_mib), MED(p, processes), MED(p, idle_cpu_s), MED(p, idle_updates));
    }
    if (peer->run_count) {
        printf("\nRatios, program / %s (smaller is better)\n\n| program | first frame | "
               "CPU to first frame | PSS |\n|---|---|---|---|\n", peer->name);
        for (int i = 0; i < count - 1; i++) {
            Program *p = &progs[i];
            if (!p->run_count)
                continue;
            printf("| %s | %.2f | %.2f | %.3f |\n", p->name, MED(p, first_ms) / MED(peer, first_ms),
                   MED(p, cpu_first_s) / MED(peer, cpu_first_s), MED(p, pss_mib) / MED(peer, pss_mib));
        }
    }
    Program *software = &progs[1];
    if (searched && searched->run_count && software->run_count) {
        double before = MED(software, pss_mib), after = MED(searched, pss_mib);
        printf("\nPSS after searching: %s, settled after a reader's session of searches "
               "(medians, MiB)\n\n| program | PSS after settling | PSS after searching | "
               "difference | idle CPU after searching |\n|---|---|---|---|---|\n", searched->name);
        printf("| %s | %.1f MiB | %.1f MiB | %+.1f MiB | %.3f s |\n", software->name, before, after,
               after - before, MED(searched, idle_cpu_s));
        if (ended && ended->run_count)
            printf("\nOnce that session ended (the idle reset, then the attract screen): PSS "
                   "%.1f MiB (%+.1f MiB on the kiosk after settling), idle CPU %.3f s\n",
                   MED(ended, pss_mib), MED(ended, pss_mib) - before, MED(ended, idle_cpu_s));
    }
    printf("\nPSS by category, MiB (medians)\n\n| program |");
    for (int c = 0; c < CAT_COUNT; c++)
        printf(" %s |", cat_names[c]);
    printf("\n|---|");
    for (int c = 0; c < CAT_COUNT; c++)
        printf("---|");
    printf("\n");
    for (int i = 0; i < count + 2; i++) {
        Program *p = i < count ? &progs[i] : i == count ? searched : ended;
        if (!p || !p->run_count)
            continue;
        printf("| %s |", p->name);
        for (int c = 0; c < CAT_COUNT; c++) {
            double v[MAX_RUNS];
            for (int k = 0; k < p->run_count; k++)
                v[k] = p->runs[k].cat_mib[c];
            printf(" %.1f |", median(v, p->run_count));
        }
        printf("\n");
    }
}

/* ---- main --------------------------------------------------------------------- */
static int usage(void)
{
    fputs("usage: peer_run --kiosk BIN --pack FILE --html DIR [--lang CODE] [--runs N] [--idle S]\n"
          "                [--config FILE] [--chromium BIN] [--tmp DIR] [--shots DIR]\n"
          "                [--search-script FILE] [--ended-script FILE]\n"
          "Runs on $DISPLAY (an Xvfb: see bench/peer).\n", stderr);
    return 1;
}

int main(int argc, char **argv)
{
    const char *kiosk = NULL, *pack = NULL, *html = NULL, *lang = "it", *chromium = "chromium";
    const char *config = NULL;      /* the kiosk's, as deployed: a trusted key */
    const char *tmp = "/tmp", *shots = NULL;
    const char *search_script = NULL;   /* a reader's session, for PSS after searching */
    const char *ended_script = NULL;    /* the same, ended by the idle reset */
    int runs = 5, idle_s = 10;
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            return usage();
        if (!strcmp(argv[i], "--kiosk"))
            kiosk = v;
        else if (!strcmp(argv[i], "--pack"))
            pack = v;
        else if (!strcmp(argv[i], "--config"))
            config = v;
        else if (!strcmp(argv[i], "--html"))
            html = v;
        else if (!strcmp(argv[i], "--lang"))
            lang = v;
        else if (!strcmp(argv[i], "--chromium"))
            chromium = v;
        else if (!strcmp(argv[i], "--tmp"))
            tmp = v;
        else if (!strcmp(argv[i], "--shots"))
            shots = v;
        else if (!strcmp(argv[i], "--search-script"))
            search_script = v;
        else if (!strcmp(argv[i], "--ended-script"))
            ended_script = v;
        else if (!strcmp(argv[i], "--runs"))
            runs = atoi(v);
        else if (!strcmp(argv[i], "--idle"))
            idle_s = atoi(v);
        else
            return usage();
        i++;
    }
    if (!kiosk || !pack || !html || runs < 1 || runs > MAX_RUNS || idle_s < 1)
        return usage();
    /* Helpers a program daemonizes (Chromium's crash handler) stay ours. */
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    signal(SIGPIPE, SIG_IGN);

    static char url[1024];
    snprintf(url, sizeof url, "file://%s/index.html", html);
    static char start_script[1100];
    snprintf(start_script, sizeof start_script, "IK_START_SCRIPT=%s", search_script ? search_script : "");
    static char end_script[1100];
    snprintf(end_script, sizeof end_script, "IK_START_SCRIPT=%s", ended_script ? ended_script : "");
    static Program progs[5] = {
        {.name = "kiosk, accelerated (GL)", .slug = "kiosk-gl", .frame_log = true,
         .env = {"IK_START_SCENE=home", "SDL_RENDER_DRIVER=opengl"}},
        {.name = "kiosk, software renderer", .slug = "kiosk-software", .frame_log = true,
         .env = {"IK_START_SCENE=home", "SDL_RENDER_DRIVER=software"}},
        {.name = "chromium --kiosk", .slug = "chromium", .fresh_profile = true},
        {.name = "kiosk, software renderer, after searching", .slug = "kiosk-searched",
         .frame_log = true, .start_script = true,
         .env = {start_script, "SDL_RENDER_DRIVER=software"}},
        {.name = "kiosk, software renderer, after the session ended", .slug = "kiosk-ended",
         .frame_log = true, .start_script = true,
         .env = {end_script, "SDL_RENDER_DRIVER=software"}},
    };
    for (int k = 0; k < 5; k += k == 1 ? 2 : 1) {
        char **a = progs[k].argv;
        a[0] = (char *)kiosk;
        a[1] = "--pack";
        a[2] = (char *)pack;
        a[3] = "--lang";
        a[4] = (char *)lang;
        if (config) {
            a[5] = "--config";
            a[6] = (char *)config;
        }
    }
    int n = 0;
    char **a = progs[2].argv;
    a[n++] = (char *)chromium;
    a[n++] = "--kiosk";
    if (geteuid() == 0)
        a[n++] = "--no-sandbox";       /* Chromium refuses to run as root otherwise */
    a[n++] = "--no-first-run";
    a[n++] = "--disable-background-networking";
    a[n++] = "--disable-component-update";
    a[n++] = "--disable-sync";
    a[n++] = "--disable-gpu";
    /* Without a window manager --kiosk does not fill the screen by itself. */
    a[n++] = "--window-position=0,0";
    a[n++] = "--window-size=1920,1080";

    a[n++] = "NEW_PROFILE";
    a[n++] = url;

    Observer scr;
    if (!screen_open(&scr))
        return 1;
    uint64_t blank = screen_hash(&scr);
    printf("peer_run: %dx%d screen, %d run%s of each program (after one warm-up run each), "
           "idle %d s\n", scr.width, scr.height, runs, runs == 1 ? "" : "s", idle_s);
    /* Interleaved rounds: a slow minute of the machine hits every program
     * (the session of searches needs no warm-up of its own: it reads the
     * files the kiosk before it read). */
    for (int round = -1; round < runs; round++) {
        for (int k = 0; k < 5; k++) {
            Program *p = &progs[k];
            if ((round < 0 && p->start_script) || (k == 3 && !search_script) ||
                (k == 4 && !ended_script))
                continue;
            Run r;
            char shot[1024];
            snprintf(shot, sizeof shot, "%s/screen-%s.png", shots ? shots : "", p->slug);
            if (!run_once(p, &scr, blank, round < 0 ? 1 : idle_s, tmp,
                          shots && round == 0 ? shot : NULL, &r)) {
                screen_close(&scr);
                return 1;
            }
            if (round < 0)
                continue;   /* warm-up: caches filled for every program alike */
            p->runs[p->run_count++] = r;
            printf("  %-26s run %d: first frame %6.0f ms (first change %5.0f ms, self %5.0f ms, "
                   "CPU %5.0f ms), PSS %6.1f MiB in %.0f processes, idle CPU %.3f s, idle updates %.0f\n",
                   p->name, round + 1, r.first_ms, r.change_ms, r.self_ms, 1000 * r.cpu_first_s,
                   r.pss_mib, r.processes, r.idle_cpu_s, r.idle_updates);
            fflush(stdout);
        }
    }
    report(progs, 3, idle_s, search_script ? &progs[3] : NULL, ended_script ? &progs[4] : NULL);
    screen_close(&scr);
    return 0;
}
