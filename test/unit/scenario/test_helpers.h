/* Helpers shared by the scenario loader tests: temporary trees with a `shared` link, so that
 * scenario texts can use the relative paths they use in the source tree. */
#ifndef TEST_SCENARIO_HELPERS_H
#define TEST_SCENARIO_HELPERS_H

#include <stdbool.h>
#include <stddef.h>

/* A temporary directory T with T/shared -> PCDSIM_SHARED_DIR and a chain of @p depth
 * sub-folders T/d1/.../dN where scenario files go (so "../" * depth + "shared/..." reaches the
 * fixtures). */
struct stage {
    char root[64];
    char dir[256]; /* T/d1/.../dN */
};

void stage_init(struct stage *s, int depth);
/* Write @p text into dir/name; the full path goes to @p path (>= 512 bytes). */
void stage_write(struct stage *s, const char *name, const char *text, size_t len, char *path);
/* Copy a file of test/unit/scenario/data into dir. */
void stage_copy_data(struct stage *s, const char *name);
/* Remove everything (only what stage_* created). */
void stage_cleanup(struct stage *s);

/* Read a whole file (NUL-terminated, malloc'd); NULL if unreadable. */
char *read_text(const char *path, size_t *len);

/* Replace every "@S@" in @p text by @p with (malloc'd). */
char *replace_all(const char *text, const char *with);

#endif
