/* check_png FILE.png [--colour RRGGBB:MIN[:MAX][@X0,Y0,X1,Y1]]...
 *
 * The picture as a person sees it: the PNG (rendered by rsvg-convert) must not be blank -- at
 * least 2 % of its pixels not white, and at least 3 distinct colours -- and each --colour must
 * cover between MIN and MAX pixels (within 24 per channel), counted in the rectangle
 * [X0, X1) x [Y0, Y1) when given, else in the whole picture. Transparent pixels count as white
 * behind them. Exit 0 ok, 1 a check failed (each printed), 2 unreadable PNG or bad arguments. */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct want {
    unsigned r, g, b;
    unsigned long min, max;
    unsigned x0, y0, x1, y1;
};

static int parse_want(const char *s, struct want *w)
{
    w->max = (unsigned long)-1;
    w->x0 = w->y0 = 0;
    w->x1 = w->y1 = (unsigned)-1;
    unsigned rgb;
    int used = 0;
    if (sscanf(s, "%6x:%lu%n", &rgb, &w->min, &used) != 2) {
        return -1;
    }
    s += used;
    if (*s == ':' && sscanf(s, ":%lu%n", &w->max, &used) == 1) {
        s += used;
    }
    if (*s == '@' && sscanf(s, "@%u,%u,%u,%u%n", &w->x0, &w->y0, &w->x1, &w->y1, &used) == 4) {
        s += used;
    }
    w->r = rgb >> 16;
    w->g = (rgb >> 8) & 0xFF;
    w->b = rgb & 0xFF;
    return *s == '\0' ? 0 : -1;
}

static unsigned near(unsigned a, unsigned b)
{
    return a > b ? a - b <= 24 : b - a <= 24;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: check_png FILE.png [--colour RRGGBB:MIN[:MAX][@X0,Y0,X1,Y1]]...\n");
        return 2;
    }
    png_image img;
    memset(&img, 0, sizeof(img));
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, argv[1])) {
        fprintf(stderr, "%s: not a readable PNG: %s\n", argv[1], img.message);
        return 2;
    }
    img.format = PNG_FORMAT_RGBA;
    png_bytep px = malloc(PNG_IMAGE_SIZE(img));
    if (px == NULL || !png_image_finish_read(&img, NULL, px, 0, NULL)) {
        fprintf(stderr, "%s: cannot decode: %s\n", argv[1], img.message);
        free(px);
        return 2;
    }
    const unsigned w = img.width, h = img.height;
    unsigned long ink = 0, distinct = 0;
    unsigned seen[64] = {0}; /* a few distinct colours are enough to tell a picture from a blank */
    int rc = 0;
    for (int pass = -1; pass < argc; pass++) {
        struct want want;
        if (pass >= 2) {
            if (strcmp(argv[pass], "--colour") != 0 || pass + 1 >= argc || parse_want(argv[pass + 1], &want) != 0) {
                fprintf(stderr, "check_png: bad argument '%s'\n", argv[pass]);
                free(px);
                return 2;
            }
        } else if (pass != -1) {
            continue;
        }
        unsigned long count = 0;
        for (unsigned y = 0; y < h; y++) {
            for (unsigned x = 0; x < w; x++) {
                const png_byte *p = px + 4 * ((size_t)y * w + x);
                unsigned a = p[3], r = (p[0] * a + 255 * (255 - a)) / 255, g = (p[1] * a + 255 * (255 - a)) / 255,
                         b = (p[2] * a + 255 * (255 - a)) / 255;
                if (pass == -1) {
                    unsigned c = (r << 16) | (g << 8) | b;
                    ink += c != 0xFFFFFF;
                    for (unsigned k = 0; k < 64; k++) {
                        if (seen[k] == c + 1) {
                            break;
                        }
                        if (seen[k] == 0) {
                            seen[k] = c + 1;
                            distinct++;
                            break;
                        }
                    }
                } else if (x >= want.x0 && x < want.x1 && y >= want.y0 && y < want.y1 && near(r, want.r) &&
                           near(g, want.g) && near(b, want.b)) {
                    count++;
                }
            }
        }
        if (pass == -1) {
            printf("%s: %ux%u, %lu pixels not white, %s%lu colours\n", argv[1], w, h, ink, distinct == 64 ? ">= " : "",
                   distinct);
            if (w == 0 || h == 0 || ink * 50 < (unsigned long)w * h || distinct < 3) {
                printf("FAIL: the picture is blank (or nearly)\n");
                rc = 1;
            }
            continue;
        }
        printf("colour %s: %lu pixels\n", argv[pass + 1], count);
        if (count < want.min || count > want.max) {
            printf("FAIL: colour %s: %lu pixels, expected %lu..%lu\n", argv[pass + 1], count, want.min, want.max);
            rc = 1;
        }
        pass++;
    }
    free(px);
    return rc;
}
