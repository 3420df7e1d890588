#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU, whose headers clash with the ICU copy inside Foundation
// ("UErrorCode has different definitions"). Nothing here uses libxml2's ICU converters, and
// only pointers to the structs that change are handled, so their headers are left out.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/HTMLparser.h>

// xmlFree is a global function pointer, which Swift 6 cannot touch from concurrent code.
static inline void gongkai_xml_free(void *pointer) { xmlFree(pointer); }
