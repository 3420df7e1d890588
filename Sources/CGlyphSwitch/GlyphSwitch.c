// Rulings are found by rendering a band of a page and looking for long dark runs; the glyphs in
// that band are erased before looking, so drawing them is wasted work, and it was more than half
// of the rendering's cost (glyph loading, rasterising, and stroking the outlines of text set bold
// by stroking). poppler-glib has no option to render without text, so the three cairo calls its
// cairo backend draws text with are defined here as well: the executable's definitions take
// precedence over libcairo's for poppler's calls (ELF symbol interposition), and each forwards to
// libcairo's unless the calling thread has switched glyphs off. Where interposition does not
// happen, poppler calls libcairo directly and glyphs are drawn (and erased) as before.
#define _GNU_SOURCE
#include "GlyphSwitch.h"
#include <dlfcn.h>
#include <stdatomic.h>

static _Thread_local bool glyphs_off = false;
static atomic_bool interposed = false;

void gongkai_set_glyphs_drawn(bool drawn) { glyphs_off = !drawn; }

// True once text has been drawn through the definitions below: proof that poppler's calls reach them.
bool gongkai_glyph_switch_active(void) { return atomic_load(&interposed); }

// cairo's own types are opaque here: only pointers and ints pass through.
typedef void (*glyphs_function)(void *cairo, const void *glyphs, int count);
typedef void (*text_glyphs_function)(void *cairo, const char *utf8, int utf8_length, const void *glyphs, int count,
                                     const void *clusters, int cluster_count, int cluster_flags);

// libcairo's definition, looked up once.
static void *next(_Atomic(void *) *cache, const char *name) {
    void *function = atomic_load(cache);
    if (!function) {
        function = dlsym(RTLD_NEXT, name);
        atomic_store(cache, function);
    }
    return function;
}

void cairo_show_glyphs(void *cairo, const void *glyphs, int count) {
    static _Atomic(void *) cache = NULL;
    atomic_store(&interposed, true);
    if (glyphs_off) return;
    glyphs_function real = (glyphs_function)next(&cache, "cairo_show_glyphs");
    if (real) real(cairo, glyphs, count);
}

// Text drawn bold by stroking its outlines: the path is not made, so the stroke draws nothing.
void cairo_glyph_path(void *cairo, const void *glyphs, int count) {
    static _Atomic(void *) cache = NULL;
    atomic_store(&interposed, true);
    if (glyphs_off) return;
    glyphs_function real = (glyphs_function)next(&cache, "cairo_glyph_path");
    if (real) real(cairo, glyphs, count);
}

void cairo_show_text_glyphs(void *cairo, const char *utf8, int utf8_length, const void *glyphs, int count,
                            const void *clusters, int cluster_count, int cluster_flags) {
    static _Atomic(void *) cache = NULL;
    atomic_store(&interposed, true);
    if (glyphs_off) return;
    text_glyphs_function real = (text_glyphs_function)next(&cache, "cairo_show_text_glyphs");
    if (real) real(cairo, utf8, utf8_length, glyphs, count, clusters, cluster_count, cluster_flags);
}
