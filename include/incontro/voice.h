/* voice: reading aloud. espeak-ng synthesizes sentences into 16-bit mono
 * samples on a worker thread while SDL audio plays them, and the reader can
 * ask which sentence is being heard (to highlight it). Which languages have
 * a voice is decided from espeak-ng's own voice list at run time, matched as
 * BCP 47 lookup does, so a language without a voice of its own is never read
 * with another language's. Only this module knows espeak-ng. */
#ifndef INCONTRO_VOICE_H
#define INCONTRO_VOICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct IkVoice IkVoice;

/* One piece of text to read, in its own language (a page may fall back to
 * Italian in places). */
typedef struct {
    const char *lang;           /* BCP 47 code: "ar", "fa-AF", "zh-Hans" */
    const char *text;           /* UTF-8, one sentence or a short run of them */
} IkUtterance;

/* Starts espeak-ng with its installed data and reads its voice list. No
 * audio device is opened until the first ik_voice_speak. NULL with
 * ik_error() when espeak-ng cannot start. espeak-ng is one per process:
 * a second voice fails until the first is destroyed. */
IkVoice *ik_voice_create(void);
/* Stops reading, closes the audio device. NULL does nothing. */
void ik_voice_destroy(IkVoice *voice);

/* True when espeak-ng has a voice for lang: the longest of lang's BCP 47
 * lookup prefixes ("zh-Hans", then "zh") that a voice lists as its language. */
bool ik_voice_has(const IkVoice *voice, const char *lang);
/* Samples per second of what ik_voice_synthesize returns. */
int ik_voice_rate(const IkVoice *voice);

/* Synthesizes text in lang into *samples (malloc'd, caller frees; *count of
 * them, mono, native-endian). Must not be called while the voice speaks.
 * False with ik_error() when there is no voice for lang or synthesis fails. */
bool ik_voice_synthesize(IkVoice *voice, const char *lang, const char *text,
                         int16_t **samples, size_t *count);

/* Starts reading items[0..n) (copied) in order through the default audio
 * device, replacing anything being read. Synthesis runs ahead on a worker
 * thread. Items whose language has no voice are skipped. False with
 * ik_error() when no audio device can be opened. */
bool ik_voice_speak(IkVoice *voice, const IkUtterance *items, size_t n);
/* Stops at once: synthesis ends, queued sound is dropped. When it returns
 * the worker thread has ended. */
void ik_voice_stop(IkVoice *voice);
/* The index of the item being heard, or -1 when none is (finished, stopped
 * or never started). */
int ik_voice_current(IkVoice *voice);

#endif
