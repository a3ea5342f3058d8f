/* Libraries loaded when first needed. Linked, each would cost every
 * start-up its share of the dynamic loader's work: libcurl and the thirty
 * libraries it needs, espeak-ng with its audio stack, SDL_image with its
 * image codecs, all for features a kiosk may use rarely or never. */
#include "incontro/core.h"

#include <dlfcn.h>

bool ik_dl_load(const char *soname, size_t n, const char *const names[], void **const slots[])
{
    /* kept for the process's life: these libraries are not made to unload */
    void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        return ik_fail("cannot load %s: %s", soname, dlerror());
    for (size_t i = 0; i < n; i++) {
        *slots[i] = dlsym(lib, names[i]);
        if (!*slots[i])
            return ik_fail("%s has no %s", soname, names[i]);
    }
    return true;
}
