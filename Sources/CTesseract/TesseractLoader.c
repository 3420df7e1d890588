// Tesseract and Leptonica are opened when a page or picture is first read by OCR, not when the
// program starts: linked, they and the fifty libraries they bring (curl, archive, their C++
// runtime) took 13 ms of every process's start, three times what the loader spends on
// everything else a text PDF needs, for a library most runs never call.
//
// Each function the OCR stage calls is defined here under its own name and forwards to the
// library's, found with dlsym on first use. Without the libraries (not installed) every call
// fails as the library's own would on bad input: no engine (NULL), an error status, nothing
// drawn; TessBaseAPICreate returning NULL is how the OCR stage learns Tesseract is missing.
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include "CTesseract.h"

// Each forwarded function: F(returns, name, failure, (parameters), (arguments)), or for one
// that returns nothing V(name, (parameters), (arguments)).
#define LEPTONICA_FUNCTIONS(F, V) \
    F(PIX *, pixAlphaBlendUniform, NULL, (PIX *pixs, l_uint32 color), (pixs, color)) \
    F(PIX *, pixConvertTo1, NULL, (PIX *pixs, l_int32 threshold), (pixs, threshold)) \
    F(PIX *, pixConvertTo8, NULL, (PIX *pixs, l_int32 cmapflag), (pixs, cmapflag)) \
    F(PIX *, pixCreate, NULL, (l_int32 width, l_int32 height, l_int32 depth), (width, height, depth)) \
    V(pixDestroy, (PIX **ppix), (ppix)) \
    F(l_ok, pixEndianByteSwap, 1, (PIX *pixs), (pixs)) \
    F(l_ok, pixFindSkew, 1, (PIX *pixs, l_float32 *pangle, l_float32 *pconf), (pixs, pangle, pconf)) \
    F(l_uint32 *, pixGetData, NULL, (PIX *pix), (pix)) \
    F(l_int32, pixGetDepth, 0, (const PIX *pix), (pix)) \
    F(l_int32, pixGetHeight, 0, (const PIX *pix), (pix)) \
    F(l_int32, pixGetWidth, 0, (const PIX *pix), (pix)) \
    F(l_int32, pixGetWpl, 0, (const PIX *pix), (pix)) \
    F(l_ok, pixReadHeaderMem, 1, (const l_uint8 *data, size_t size, l_int32 *pformat, l_int32 *pw, l_int32 *ph, \
        l_int32 *pbps, l_int32 *pspp, l_int32 *piscmap), (data, size, pformat, pw, ph, pbps, pspp, piscmap)) \
    F(PIX *, pixReadMem, NULL, (const l_uint8 *data, size_t size), (data, size)) \
    F(PIX *, pixRotate, NULL, (PIX *pixs, l_float32 angle, l_int32 type, l_int32 incolor, l_int32 width, l_int32 height), \
        (pixs, angle, type, incolor, width, height)) \
    F(PIX *, pixScaleGeneral, NULL, (PIX *pixs, l_float32 scalex, l_float32 scaley, l_float32 sharpfract, l_int32 sharpwidth), \
        (pixs, scalex, scaley, sharpfract, sharpwidth)) \
    F(l_int32, setMsgSeverity, 0, (l_int32 newsev), (newsev))

#define TESSERACT_FUNCTIONS(F, V) \
    F(TessBaseAPI *, TessBaseAPICreate, NULL, (void), ()) \
    V(TessBaseAPIDelete, (TessBaseAPI *handle), (handle)) \
    V(TessBaseAPIEnd, (TessBaseAPI *handle), (handle)) \
    F(TessResultIterator *, TessBaseAPIGetIterator, NULL, (TessBaseAPI *handle), (handle)) \
    F(int, TessBaseAPIInit3, -1, (TessBaseAPI *handle, const char *datapath, const char *language), (handle, datapath, language)) \
    F(int, TessBaseAPIRecognize, -1, (TessBaseAPI *handle, ETEXT_DESC *monitor), (handle, monitor)) \
    V(TessBaseAPISetImage, (TessBaseAPI *handle, const unsigned char *imagedata, int width, int height, int bytes_per_pixel, \
        int bytes_per_line), (handle, imagedata, width, height, bytes_per_pixel, bytes_per_line)) \
    V(TessBaseAPISetPageSegMode, (TessBaseAPI *handle, TessPageSegMode mode), (handle, mode)) \
    V(TessBaseAPISetSourceResolution, (TessBaseAPI *handle, int ppi), (handle, ppi)) \
    F(BOOL, TessBaseAPISetVariable, FALSE, (TessBaseAPI *handle, const char *name, const char *value), (handle, name, value)) \
    V(TessDeleteText, (const char *text), (text)) \
    F(ETEXT_DESC *, TessMonitorCreate, NULL, (void), ()) \
    V(TessMonitorDelete, (ETEXT_DESC *monitor), (monitor)) \
    V(TessMonitorSetDeadlineMSecs, (ETEXT_DESC *monitor, int deadline), (monitor, deadline)) \
    F(BOOL, TessPageIteratorBoundingBox, FALSE, (const TessPageIterator *handle, TessPageIteratorLevel level, int *left, \
        int *top, int *right, int *bottom), (handle, level, left, top, right, bottom)) \
    F(float, TessResultIteratorConfidence, 0, (const TessResultIterator *handle, TessPageIteratorLevel level), (handle, level)) \
    V(TessResultIteratorDelete, (TessResultIterator *handle), (handle)) \
    F(const TessPageIterator *, TessResultIteratorGetPageIteratorConst, NULL, (const TessResultIterator *handle), (handle)) \
    F(char *, TessResultIteratorGetUTF8Text, NULL, (const TessResultIterator *handle, TessPageIteratorLevel level), (handle, level)) \
    F(BOOL, TessResultIteratorNext, FALSE, (TessResultIterator *handle, TessPageIteratorLevel level), (handle, level))

// The libraries' own functions, found when the libraries are opened.
#define POINTER(returns, name, failure, parameters, arguments) static __typeof__(name) *library_##name;
#define POINTER_VOID(name, parameters, arguments) static __typeof__(name) *library_##name;
LEPTONICA_FUNCTIONS(POINTER, POINTER_VOID)
TESSERACT_FUNCTIONS(POINTER, POINTER_VOID)

static pthread_once_t opening = PTHREAD_ONCE_INIT;
static int opened;

static void openLibraries(void) {
    // Leptonica first: Tesseract's own calls into it find it loaded.
    void *leptonica = dlopen("liblept.so.5", RTLD_NOW | RTLD_GLOBAL);
    void *tesseract = leptonica ? dlopen("libtesseract.so.5", RTLD_NOW | RTLD_GLOBAL) : NULL;
    if (!tesseract) return;
    int found = 1;
#define FIND(library, name) library_##name = (__typeof__(library_##name))dlsym(library, #name); found = found && library_##name;
#define FIND_LEPTONICA(returns, name, failure, parameters, arguments) FIND(leptonica, name)
#define FIND_LEPTONICA_VOID(name, parameters, arguments) FIND(leptonica, name)
#define FIND_TESSERACT(returns, name, failure, parameters, arguments) FIND(tesseract, name)
#define FIND_TESSERACT_VOID(name, parameters, arguments) FIND(tesseract, name)
    LEPTONICA_FUNCTIONS(FIND_LEPTONICA, FIND_LEPTONICA_VOID)
    TESSERACT_FUNCTIONS(FIND_TESSERACT, FIND_TESSERACT_VOID)
    // A library of another version that lacks one of them is not used at all.
    opened = found;
}

static int librariesOpen(void) {
    pthread_once(&opening, openLibraries);
    return opened;
}

#define FORWARD(returns, name, failure, parameters, arguments) \
    returns name parameters { return librariesOpen() ? library_##name arguments : failure; }
#define FORWARD_VOID(name, parameters, arguments) \
    void name parameters { if (librariesOpen()) library_##name arguments; }
LEPTONICA_FUNCTIONS(FORWARD, FORWARD_VOID)
TESSERACT_FUNCTIONS(FORWARD, FORWARD_VOID)
