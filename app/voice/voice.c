/* Reading aloud with espeak-ng and SDL audio.
 *
 * espeak-ng runs in synchronous mode: espeak_Synth returns when the text is
 * synthesized, handing the samples to a callback on the way. While the
 * kiosk speaks, one worker thread synthesizes the items in order and queues
 * their samples on an SDL audio device (SDL_QueueAudio); the main thread asks
 * how much of the queue has been played to know which item is being heard.
 * Stopping raises a flag the callback sees within one buffer (espeak-ng then
 * abandons the text), joins the worker and closes the device, so an idle
 * kiosk keeps no audio thread awake.
 *
 * [SECTION] voices  [SECTION] synthesis  [SECTION] speaking */
#include "incontro/voice.h"

#include <SDL.h>
#include <ctype.h>
#include <espeak-ng/speak_lib.h>
#include <stdlib.h>
#include <string.h>

#include "incontro/core.h"

#define BUFFER_MS 100   /* samples reach the callback this often: stop latency */

struct IkVoice {
    int rate;                   /* samples per second */
    char **langs;               /* every language a voice lists, lower case */
    size_t lang_count;
    bool audio_init;            /* we started SDL's audio subsystem */
    SDL_AudioDeviceID device;   /* 0 while not speaking */
    SDL_Thread *worker;         /* NULL while not speaking */
    SDL_atomic_t stop;          /* raised to end synthesis at once */
    SDL_mutex *lock;            /* guards the fields below */
    IkUtterance *items;         /* owned copies of what is being read */
    size_t item_count;
    uint64_t *ends;             /* samples queued when item i was done */
    size_t done;                /* items completely synthesized and queued */
    uint64_t queued;            /* samples queued since speaking began */
    /* synthesis into memory (ik_voice_synthesize) */
    int16_t *buf;
    size_t len, cap;
    bool to_device;             /* the callback queues on the device */
};

/* espeak-ng keeps its state in globals: one voice per process. */
static IkVoice *the_voice;

/* espeak-ng is loaded when the voice is made, not linked: with its audio
 * stack (PulseAudio, libsndfile and its codecs) it is some twenty libraries
 * the dynamic loader would otherwise resolve before the first frame. */
static struct {
    int (*initialize)(espeak_AUDIO_OUTPUT output, int buflength, const char *path, int options);
    void (*set_synth_callback)(t_espeak_callback *callback);
    const espeak_VOICE **(*list_voices)(espeak_VOICE *spec);
    espeak_ERROR (*set_voice_by_properties)(espeak_VOICE *spec);
    espeak_ERROR (*synth)(const void *text, size_t size, unsigned int position,
                          espeak_POSITION_TYPE position_type, unsigned int end_position,
                          unsigned int flags, unsigned int *unique_identifier,
                          void *user_data);
    espeak_ERROR (*terminate)(void);
} espeak;

static bool load_espeak(void)
{
    static bool loaded;
    static const char *const names[] = {"espeak_Initialize", "espeak_SetSynthCallback",
                                        "espeak_ListVoices", "espeak_SetVoiceByProperties",
                                        "espeak_Synth", "espeak_Terminate"};
    void **const slots[] = {(void **)&espeak.initialize, (void **)&espeak.set_synth_callback,
                            (void **)&espeak.list_voices,
                            (void **)&espeak.set_voice_by_properties, (void **)&espeak.synth,
                            (void **)&espeak.terminate};
    if (!loaded)
        loaded = ik_dl_load("libespeak-ng.so.1", sizeof names / sizeof *names, names, slots);
    return loaded;
}

/* ---- [SECTION] voices ---------------------------------------------------- */
static void add_lang(IkVoice *v, const char *lang)
{
    for (size_t i = 0; i < v->lang_count; i++)
        if (strcmp(v->langs[i], lang) == 0)
            return;
    v->langs = ik_xrealloc(v->langs, v->lang_count + 1, sizeof *v->langs);
    char *copy = ik_xstrdup(lang);
    for (char *p = copy; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    v->langs[v->lang_count++] = copy;
}

/* The voice language espeak-ng should be asked for to read lang: the longest
 * BCP 47 lookup prefix of lang that some voice lists ("zh-Hans" -> "zh"),
 * or NULL. */
static const char *voice_lang(const IkVoice *v, const char *lang)
{
    if (!v || !lang || !*lang)
        return NULL;
    char *want = ik_xstrdup(lang);
    const char *found = NULL;
    for (char *p = want; *p; p++)
        *p = *p == '_' ? '-' : (char)tolower((unsigned char)*p);
    while (!found) {
        for (size_t i = 0; i < v->lang_count && !found; i++)
            if (strcmp(v->langs[i], want) == 0)
                found = v->langs[i];
        char *dash = strrchr(want, '-');
        if (!dash)
            break;
        *dash = '\0';
    }
    free(want);
    return found;
}

static int on_samples(short *wav, int count, espeak_EVENT *events);

IkVoice *ik_voice_create(void)
{
    if (the_voice) {
        ik_fail("espeak-ng is already in use by another voice");
        return NULL;
    }
    if (!load_espeak())
        return NULL;
    IkVoice *v = ik_xcalloc(1, sizeof *v);
    v->rate = espeak.initialize(AUDIO_OUTPUT_SYNCHRONOUS, BUFFER_MS, NULL,
                                espeakINITIALIZE_DONT_EXIT);
    if (v->rate <= 0) {
        ik_fail("espeak-ng cannot start (is espeak-ng-data installed?)");
        free(v);
        return NULL;
    }
    the_voice = v;
    espeak.set_synth_callback(on_samples);
    const espeak_VOICE **voices = espeak.list_voices(NULL);
    for (size_t i = 0; voices && voices[i]; i++) {
        /* languages: (priority byte, NUL-terminated name) pairs, then 0 */
        for (const char *p = voices[i]->languages; p && *p;) {
            p++;
            add_lang(v, p);
            p += strlen(p) + 1;
        }
    }
    v->lock = SDL_CreateMutex();
    if (!v->lock) {
        ik_fail("cannot create a mutex: %s", SDL_GetError());
        ik_voice_destroy(v);
        return NULL;
    }
    return v;
}

void ik_voice_destroy(IkVoice *v)
{
    if (!v)
        return;
    ik_voice_stop(v);
    espeak.terminate();
    for (size_t i = 0; i < v->lang_count; i++)
        free(v->langs[i]);
    free(v->langs);
    if (v->lock)
        SDL_DestroyMutex(v->lock);
    if (v->audio_init)
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    free(v->buf);
    the_voice = NULL;
    free(v);
}

bool ik_voice_has(const IkVoice *v, const char *lang)
{
    return v && voice_lang(v, lang) != NULL;
}

int ik_voice_rate(const IkVoice *v)
{
    return v->rate;
}

/* ---- [SECTION] synthesis ------------------------------------------------- */
static int on_samples(short *wav, int count, espeak_EVENT *events)
{
    (void)events;
    IkVoice *v = the_voice;
    if (SDL_AtomicGet(&v->stop))
        return 1;           /* espeak-ng abandons the text */
    if (!wav || count <= 0)
        return 0;
    if (v->to_device) {
        /* Queued and counted together: ik_voice_current sees both or neither. */
        SDL_LockMutex(v->lock);
        if (SDL_QueueAudio(v->device, wav, (Uint32)count * sizeof *wav) == 0)
            v->queued += (uint64_t)count;
        SDL_UnlockMutex(v->lock);
        return 0;
    }
    if (v->len + (size_t)count > v->cap) {
        v->cap = (v->len + (size_t)count) * 2;
        v->buf = ik_xrealloc(v->buf, v->cap, sizeof *v->buf);
    }
    memcpy(v->buf + v->len, wav, (size_t)count * sizeof *wav);
    v->len += (size_t)count;
    return 0;
}

/* Synthesizes text with the voice for lang, through on_samples. */
static bool synth(IkVoice *v, const char *lang, const char *text)
{
    const char *vl = voice_lang(v, lang);
    if (!vl)
        return ik_fail("no espeak-ng voice for '%s'", lang ? lang : "(null)");
    espeak_VOICE spec;
    memset(&spec, 0, sizeof spec);
    spec.languages = vl;
    if (espeak.set_voice_by_properties(&spec) != EE_OK)
        return ik_fail("espeak-ng cannot load the voice for '%s'", lang);
    espeak_ERROR e = espeak.synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8,
                                  NULL, NULL);
    if (e != EE_OK && !SDL_AtomicGet(&v->stop))
        return ik_fail("espeak-ng could not read the text (error %d)", (int)e);
    return true;
}

bool ik_voice_synthesize(IkVoice *v, const char *lang, const char *text, int16_t **samples,
                         size_t *count)
{
    IK_ASSERT(!v->worker);      /* espeak-ng is busy with the worker */
    v->to_device = false;
    v->len = 0;
    bool ok = synth(v, lang, text);
    if (ok) {
        *samples = v->buf ? v->buf : ik_xcalloc(1, sizeof **samples);
        *count = v->len;
        v->buf = NULL;
        v->cap = v->len = 0;
    }
    return ok;
}

/* ---- [SECTION] speaking -------------------------------------------------- */
static int worker_main(void *data)
{
    IkVoice *v = data;
    for (size_t i = 0; i < v->item_count && !SDL_AtomicGet(&v->stop); i++) {
        const IkUtterance *u = &v->items[i];
        if (voice_lang(v, u->lang) && !synth(v, u->lang, u->text))
            ik_log(IK_LOG_WARN, "voice: %s", ik_error());
        SDL_LockMutex(v->lock);
        v->ends[i] = v->queued;
        v->done = i + 1;
        SDL_UnlockMutex(v->lock);
    }
    return 0;
}

static void free_items(IkVoice *v)
{
    for (size_t i = 0; i < v->item_count; i++) {
        free((char *)v->items[i].lang);
        free((char *)v->items[i].text);
    }
    free(v->items);
    free(v->ends);
    v->items = NULL;
    v->ends = NULL;
    v->item_count = v->done = 0;
    v->queued = 0;
}

void ik_voice_stop(IkVoice *v)
{
    if (!v)
        return;
    SDL_AtomicSet(&v->stop, 1);
    if (v->worker)
        SDL_WaitThread(v->worker, NULL);
    v->worker = NULL;
    if (v->device) {
        SDL_ClearQueuedAudio(v->device);
        SDL_CloseAudioDevice(v->device);
        v->device = 0;
    }
    free_items(v);
    SDL_AtomicSet(&v->stop, 0);
}

bool ik_voice_speak(IkVoice *v, const IkUtterance *items, size_t n)
{
    ik_voice_stop(v);
    if (!v->audio_init) {
        if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0)
            return ik_fail("no audio: %s", SDL_GetError());
        v->audio_init = true;
    }
    SDL_AudioSpec want, have;
    SDL_zero(want);
    want.freq = v->rate;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 2048;
    v->device = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
    if (!v->device)
        return ik_fail("cannot open an audio device: %s", SDL_GetError());
    v->items = ik_xcalloc(n ? n : 1, sizeof *v->items);
    v->ends = ik_xcalloc(n ? n : 1, sizeof *v->ends);
    for (size_t i = 0; i < n; i++) {
        v->items[i].lang = ik_xstrdup(items[i].lang ? items[i].lang : "");
        v->items[i].text = ik_xstrdup(items[i].text ? items[i].text : "");
    }
    v->item_count = n;
    v->to_device = true;
    SDL_PauseAudioDevice(v->device, 0);
    v->worker = SDL_CreateThread(worker_main, "incontro-voice", v);
    if (!v->worker) {
        ik_fail("cannot start the voice thread: %s", SDL_GetError());
        ik_voice_stop(v);
        return false;
    }
    return true;
}

int ik_voice_current(IkVoice *v)
{
    if (!v || !v->device)
        return -1;
    SDL_LockMutex(v->lock);
    uint64_t left = SDL_GetQueuedAudioSize(v->device) / sizeof(int16_t);
    uint64_t played = v->queued > left ? v->queued - left : 0;
    int current = -1;
    for (size_t i = 0; i < v->done; i++)
        if (played < v->ends[i]) {
            current = (int)i;
            break;
        }
    /* All that is queued was heard but more is coming: the next item. */
    if (current < 0 && v->done < v->item_count)
        current = (int)v->done;
    SDL_UnlockMutex(v->lock);
    return current;
}
