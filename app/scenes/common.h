/* Private helpers shared by the scene files. */
#ifndef IK_SCENES_COMMON_H
#define IK_SCENES_COMMON_H

#include <stdio.h>
#include <string.h>

#include "incontro/core.h"
#include "incontro/scenes.h"

extern const IkSceneOps ik_scene_attract, ik_scene_neutral, ik_scene_language, ik_scene_home,
    ik_scene_topics, ik_scene_topic, ik_scene_directory, ik_scene_service, ik_scene_help,
    ik_scene_operator, ik_scene_out_of_service;

/* Draws the "demo data" ribbon in r when the pack holds demo entries. */
void ik_scene_demo_ribbon(IkKiosk *kiosk, IkRect r);
/* The height the ribbon needs at width w (0 without demo entries). */
int ik_scene_demo_ribbon_height(IkKiosk *kiosk, int w);
/* A screen any touch leaves (attract, neutral): the whole canvas is the
 * "start" target, the language button sits at the top end; returns the
 * room left below it, inside the edge gap, and the button's height in
 * *button_h when that is not NULL. */
IkRect ik_scene_touch_screen(IkKiosk *kiosk, int *button_h);
/* A language's own name for any code (ik_content_language_name). */
const char *ik_scene_endonym(IkKiosk *kiosk, const char *code);
/* True when code is the language the reader chose (none after a reset). */
bool ik_scene_language_current(const IkKiosk *kiosk, const char *code);
/* The separator of a list joined in code ("a, b"): ", " or, in languages
 * written in the Arabic script, the Arabic comma "، ". */
const char *ik_scene_list_sep(const char *lang);
/* The listen button (id "listen") at the start of r, as tall as it needs:
 * "listen", or "stop" while reading; returns its height, 0 (nothing drawn)
 * where the language has no voice. */
int ik_scene_listen_button(IkKiosk *kiosk, IkRect r);
/* Parses "PREFIX<int>" ids such as "topic:3"; -1 when id is not one. */
int ik_scene_index(const char *id, const char *prefix);


/* ik_content_format (catalog strings with numbers), under the scenes' name. */
void ik_scene_format(char *out, size_t size, const char *fmt, int a, int b);

#endif
