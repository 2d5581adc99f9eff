// JPEG encoding and decoding of memory buffers with libjpeg-turbo's libjpeg API (libjpeg62-turbo-dev).
//
// Why the libjpeg API and not TurboJPEG: Debian's libjpeg62-turbo-dev is what the build machines already have, it
// gives the header (size, colour space, progressive or not) before any pixel is decoded, so the caller can check
// the memory budget first, and its progress monitor lets us cap the number of progressive scans (TurboJPEG 2.1
// has no scan limit). libjpeg reports errors by longjmp, which Swift cannot unwind through, so every call happens
// here under setjmp and failures come back as a message.
#ifndef CAMLAB_JPEG_CODEC_H
#define CAMLAB_JPEG_CODEC_H

#include <stddef.h>

/// The most scans a progressive JPEG may have. Ordinary encoders write about 10; a crafted file with thousands of
/// tiny scans makes the decoder redo the whole picture for each (a decompression bomb in time, not size).
#define CAMLAB_JPEG_MAX_SCANS 100

/// What a JPEG's header says, read without decoding pixels. `components` is the count stored in the file (1 gray,
/// 3 YCbCr or RGB, 4 CMYK or YCCK); `cmyk` is 1 for CMYK and YCCK; `progressive` 1 for progressive files.
typedef struct {
    int width, height, components, cmyk, progressive;
} camlab_jpeg_header;

/// Reads the header. Returns 0, or -1 with a message in `error`.
int camlab_jpeg_read_header(const unsigned char *jpeg, size_t jpeg_size, camlab_jpeg_header *header,
                            char *error, size_t error_size);

/// Decodes to 8-bit interleaved pixels with `channels` = 1 (gray: libjpeg's luma Y for colour files), 3 (RGB) or 0
/// (gray files stay 1 channel, all others become RGB). CMYK and YCCK are converted to RGB as TensorFlow does
/// (inverted Adobe CMYK when the file has an Adobe marker). `fast_dct` 1 picks libjpeg's fast integer IDCT, which
/// TensorFlow's decode_jpeg uses by default; 0 the accurate one. On success returns 0 and sets `*pixels` (free with
/// camlab_jpeg_free), the size and channel count. On failure returns -1 and writes a message into `error`.
int camlab_jpeg_decode(const unsigned char *jpeg, size_t jpeg_size, int channels, int fast_dct,
                       unsigned char **pixels, int *width, int *height, int *channels_out,
                       char *error, size_t error_size);

/// Encodes 8-bit gray (1 channel) or RGB (3) pixels as a baseline JPEG of `quality` 1...100 with 4:2:0 chroma
/// subsampling (libjpeg's and Pillow's default). On success returns 0 and sets `*jpeg` (free with camlab_jpeg_free).
int camlab_jpeg_encode(const unsigned char *pixels, int width, int height, int channels, int quality,
                       unsigned char **jpeg, size_t *jpeg_size, char *error, size_t error_size);

void camlab_jpeg_free(void *buffer);

#endif
