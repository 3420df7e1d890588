#ifndef GONGKAI_GLYPH_SWITCH_H
#define GONGKAI_GLYPH_SWITCH_H

#include <stdbool.h>

/// Whether cairo draws glyphs on the calling thread (it does unless told otherwise). See GlyphSwitch.c.
void gongkai_set_glyphs_drawn(bool drawn);

/// Whether glyphs are left out in this process: false where the hooks are not the ones poppler
/// calls (a platform without symbol interposition), so callers know what they rendered.
bool gongkai_glyph_switch_active(void);

#endif
