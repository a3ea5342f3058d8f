/* Sleeping until input where SDL cannot. SDL 2 sleeps in
 * SDL_WaitEventTimeout only with the video drivers that can wait on their
 * own descriptors (X11, Wayland); with the others, KMSDRM on the console
 * among them, it looks for events every millisecond: a thousand wake-ups a
 * second on a kiosk nobody touches. There the waiter sleeps in poll() on
 * the input devices SDL reads (opened again, read only, so each sees every
 * event), on /dev/input for devices plugged in, and on a pipe other threads
 * write to, then lets SDL read what came. */
#include "incontro/kiosk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "incontro/core.h"

#define INPUT_DIR "/dev/input"
#define MAX_DEVICES 32

struct IkWaiter {
    int wake[2];                /* a pipe: one byte wakes the wait */
    int hotplug;                /* inotify on /dev/input, -1 without */
    int devices[MAX_DEVICES];
    size_t device_count;
};

static void close_devices(IkWaiter *w)
{
    for (size_t i = 0; i < w->device_count; i++)
        close(w->devices[i]);
    w->device_count = 0;
}

static void open_devices(IkWaiter *w)
{
    close_devices(w);
    DIR *dir = opendir(INPUT_DIR);
    if (!dir)
        return;     /* no input devices: the pipe and timeouts still wake us */
    for (struct dirent *d; (d = readdir(dir)) && w->device_count < MAX_DEVICES;) {
        if (strncmp(d->d_name, "event", 5) != 0)
            continue;
        char *path = ik_path_join(INPUT_DIR, d->d_name);
        int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        free(path);
        if (fd >= 0)
            w->devices[w->device_count++] = fd;
    }
    closedir(dir);
}

static bool native_wait(void)
{
    const char *driver = SDL_GetCurrentVideoDriver();
    return driver && (strcmp(driver, "x11") == 0 || strcmp(driver, "wayland") == 0);
}

IkWaiter *ik_waiter_create(void)
{
    if (native_wait())
        return NULL;
    IkWaiter *w = ik_xcalloc(1, sizeof *w);
    if (pipe(w->wake) != 0) {
        free(w);
        return NULL;
    }
    for (int i = 0; i < 2; i++) {
        fcntl(w->wake[i], F_SETFD, FD_CLOEXEC);
        fcntl(w->wake[i], F_SETFL, O_NONBLOCK);
    }
    w->hotplug = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    /* udev sets a new node's permissions after creating it: IN_ATTRIB */
    if (w->hotplug >= 0 &&
        inotify_add_watch(w->hotplug, INPUT_DIR, IN_CREATE | IN_ATTRIB | IN_DELETE) < 0) {
        close(w->hotplug);
        w->hotplug = -1;
    }
    open_devices(w);
    return w;
}

void ik_waiter_wake(IkWaiter *w)
{
    /* a full pipe (EAGAIN) wakes the wait already */
    if (w && write(w->wake[1], "", 1) < 0)
        return;
}

bool ik_waiter_wait(IkWaiter *w, SDL_Event *e, int timeout_ms)
{
    if (!w)
        return SDL_WaitEventTimeout(e, timeout_ms) != 0;
    if (SDL_PollEvent(e))
        return true;
    struct pollfd p[2 + MAX_DEVICES];
    size_t n = 0;
    p[n++] = (struct pollfd){.fd = w->wake[0], .events = POLLIN};
    p[n++] = (struct pollfd){.fd = w->hotplug, .events = POLLIN};
    for (size_t i = 0; i < w->device_count; i++)
        p[n++] = (struct pollfd){.fd = w->devices[i], .events = POLLIN};
    if (poll(p, (nfds_t)n, timeout_ms) > 0) {
        bool replug = false;
        for (size_t i = 0; i < n; i++) {
            if (i >= 2 && (p[i].revents & (POLLERR | POLLHUP | POLLNVAL)))
                replug = true;      /* a device unplugged */
            if (p[i].revents & POLLIN)
                ik_fd_drain(p[i].fd);
        }
        if (replug || (p[1].revents & POLLIN))
            open_devices(w);
    }
    return SDL_PollEvent(e) != 0;
}

void ik_waiter_destroy(IkWaiter *w)
{
    if (!w)
        return;
    close_devices(w);
    close(w->wake[0]);
    close(w->wake[1]);
    if (w->hotplug >= 0)
        close(w->hotplug);
    free(w);
}
