// PNG encoding and decoding of memory buffers with libpng. libpng reports errors with longjmp, which Swift
// cannot unwind through, so every call happens here under setjmp and failures come back as a message.
#ifndef CAMLAB_PNG_CODEC_H
#define CAMLAB_PNG_CODEC_H

#include <stddef.h>

/// Encodes 8-bit pixels (rows top first, `channels` = 1 gray, 3 RGB, 4 RGBA, interleaved) as PNG.
/// On success returns 0 and sets `*png` (free with camlab_png_free) and `*png_size`.
/// On failure returns -1 and writes a message into `error` (at most `error_size` bytes).
int camlab_png_encode(const unsigned char *pixels, int width, int height, int channels,
                      unsigned char **png, size_t *png_size, char *error, size_t error_size);

/// Decodes a PNG file held in memory to 8-bit pixels: gray stays gray (1 channel); gray with alpha or any
/// transparency becomes RGBA; palette becomes RGB (RGBA with transparency); 16-bit samples keep their high byte.
/// On success returns 0 and sets `*pixels` (free with camlab_png_free), size and channel count.
/// On failure returns -1 and writes a message into `error`.
int camlab_png_decode(const unsigned char *png, size_t png_size, unsigned char **pixels,
                      int *width, int *height, int *channels, char *error, size_t error_size);

void camlab_png_free(void *buffer);

#endif
