#ifndef GONGKAI_CTESSERACT_H
#define GONGKAI_CTESSERACT_H

// Tesseract's C API and Leptonica, which it is built on (deskewing, pictures): declared here,
// loaded only when first called (TesseractLoader.c).
#include <tesseract/capi.h>
#include <leptonica/allheaders.h>

#endif
