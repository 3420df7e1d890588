#include <tesseract/capi.h>
// Leptonica, which Tesseract is built on: deskewing a page before it is read.
#include <leptonica/allheaders.h>
