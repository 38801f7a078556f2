/* Options declared once (cli_opts.h): getopt_long built from the table, the usage printed from it. */
#include "cli_opts.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "pcdsim/scenario.h"

/* getopt_long's value of option i: above every character, so never taken for a short option */
#define LONG_VAL(i) (0x100 + (int)(i))
/* the option --help / -h every command has */
#define HELP_VAL 0x1ff
_Static_assert(LONG_VAL(CLI_MAX_OPTS) <= HELP_VAL, "option values must not reach HELP_VAL");
/* width of the option column of the usage, after two spaces */
#define LABEL_W 16
/* width the synopsis is wrapped to */
#define SYNOPSIS_W 100

static void label(const struct cli_opt *o, char *buf, size_t n)
{
    char sh[8] = "";
    if (o->short_name) {
        snprintf(sh, sizeof(sh), "-%c, ", o->short_name);
    }
    snprintf(buf, n, "%s--%s%s%s", sh, o->name, o->value ? " " : "", o->value ? o->value : "");
}

/* "usage: pcdsim CMD ARGS [--opt V]... " wrapped under the command. */
static void print_synopsis(const struct cli_spec *s, FILE *f)
{
    int col = fprintf(f, "usage: pcdsim %s", s->cmd);
    const int indent = col + 1;
    if (s->args != NULL) {
        col += fprintf(f, " %s", s->args);
    }
    for (unsigned i = 0; i < s->n_opts; i++) {
        const struct cli_opt *o = &s->opts[i];
        char item[96];
        bool req = (o->flags & CLI_REQUIRED) != 0;
        snprintf(item, sizeof(item), "%s--%s%s%s%s%s", req ? "" : "[", o->name, o->value ? " " : "",
                 o->value ? o->value : "", req ? "" : "]", (o->flags & CLI_REPEAT) ? "..." : "");
        if (col + 1 + (int)strlen(item) > SYNOPSIS_W) {
            col = fprintf(f, "\n%*s", indent - 1, "") - 1;
        }
        col += fprintf(f, " %s", item);
    }
    fputc('\n', f);
}

void cli_usage(const struct cli_spec *s, FILE *f)
{
    print_synopsis(s, f);
    if (s->about != NULL) {
        fprintf(f, "\n%s", s->about);
    }
    for (unsigned i = 0; i < s->n_opts; i++) {
        const struct cli_opt *o = &s->opts[i];
        char lab[96];
        label(o, lab, sizeof(lab));
        fprintf(f, "  %-*s ", LABEL_W, lab);
        for (const char *h = o->help; *h != '\0'; h++) {
            fputc(*h, f);
            if (*h == '\n') {
                fprintf(f, "%*s", LABEL_W + 3, "");
            }
        }
        fputc('\n', f);
    }
    if (s->footer != NULL) {
        fputs(s->footer, f);
    }
}

int cli_usage_error(const struct cli_spec *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "pcdsim %s: ", s->cmd);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    cli_usage(s, stderr);
    return PCDSIM_EXIT_INPUT;
}

/* getopt_long's tables from the spec: long options (NULL-terminated) and the short ones. */
static void build_tables(const struct cli_spec *s, struct option *lo, char *shorts)
{
    size_t k = 0;
    shorts[k++] = '-'; /* arguments in order, as option 1: no permutation, POSIXLY_CORRECT or not */
    shorts[k++] = ':'; /* a missing value is ':', not '?' */
    shorts[k++] = 'h';
    for (unsigned i = 0; i < s->n_opts; i++) {
        const struct cli_opt *o = &s->opts[i];
        lo[i] = (struct option){o->name, o->value ? required_argument : no_argument, NULL, LONG_VAL(i)};
        if (o->short_name) {
            shorts[k++] = o->short_name;
            if (o->value) {
                shorts[k++] = ':';
            }
        }
    }
    lo[s->n_opts] = (struct option){"help", no_argument, NULL, HELP_VAL};
    lo[s->n_opts + 1] = (struct option){NULL, 0, NULL, 0};
    shorts[k] = '\0';
}

/* Index of the option getopt_long returned as @p c, or -1. */
static int opt_index(const struct cli_spec *s, int c)
{
    if (c >= LONG_VAL(0) && c < LONG_VAL(s->n_opts)) {
        return c - LONG_VAL(0);
    }
    for (unsigned i = 0; i < s->n_opts; i++) {
        if (c != 0 && s->opts[i].short_name == c) {
            return (int)i;
        }
    }
    return -1;
}

/* "unknown option 'X'", with the nearest known option when it is a likely typo. */
static int unknown(const struct cli_spec *s, const char *text)
{
    const char *names[CLI_MAX_OPTS + 1];
    char word[64];
    snprintf(word, sizeof(word), "%s", text + strspn(text, "-"));
    word[strcspn(word, "=")] = '\0';
    for (unsigned i = 0; i < s->n_opts; i++) {
        names[i] = s->opts[i].name;
    }
    names[s->n_opts] = "help";
    const char *near = text[0] == '-' && text[1] == '-' ? pcdsim_did_you_mean(word, names, s->n_opts + 1) : NULL;
    if (near != NULL) {
        return cli_usage_error(s, "unknown option '%s'; did you mean '--%s'?", text, near);
    }
    return cli_usage_error(s, "unknown option '%s'", text);
}

/* The argv element getopt_long just read the option from (its value may follow it). */
static const char *opt_text(char **argv)
{
    return optarg != NULL && optarg == argv[optind - 1] && optind >= 2 ? argv[optind - 2] : argv[optind - 1];
}

/* getopt_long takes a unique prefix of a long name as the name: refuse it, so that an option
 * means what it says (`sweep --cut` is not `--cuts`). */
static bool abbreviated(const char *text, const char *name)
{
    size_t n = strlen(name);
    return text[0] == '-' && text[1] == '-' && (strncmp(text + 2, name, n) != 0 || (text[2 + n] != '\0' && text[2 + n] != '='));
}

/* Record one value of option @p i; CLI_GO, or the exit code of bad usage. */
static int store(const struct cli_spec *s, struct cli_args *a, unsigned i, const char *v)
{
    const struct cli_opt *o = &s->opts[i];
    if ((o->flags & CLI_REPEAT) == 0) { /* given again: the last one counts */
        a->val[i][0] = v;
        a->count[i] = 1;
        return CLI_GO;
    }
    if (a->count[i] == CLI_MAX_VALUES) {
        return cli_usage_error(s, "option --%s given more than %d times", o->name, CLI_MAX_VALUES);
    }
    a->val[i][a->count[i]++] = v;
    return CLI_GO;
}

/* One result of getopt_long; CLI_GO or the exit code. */
static int take(const struct cli_spec *s, int c, char **argv, struct cli_args *a)
{
    if (c == 1) {
        if (s->max_args >= 0 && a->n_args >= s->max_args) {
            return cli_usage_error(s, "unexpected argument '%s'", optarg);
        }
        a->args[a->n_args++] = optarg;
        return CLI_GO;
    }
    if (c == HELP_VAL && abbreviated(opt_text(argv), "help")) {
        return unknown(s, opt_text(argv));
    }
    if (c == 'h' || c == HELP_VAL) {
        cli_usage(s, stdout);
        return PCDSIM_EXIT_OK;
    }
    const int i = opt_index(s, c == ':' || c == '?' ? optopt : c);
    if (c == ':' && i >= 0) {
        const struct cli_opt *o = &s->opts[i];
        return cli_usage_error(s, "option --%s needs a value (%s)", o->name, o->expects ? o->expects : o->value);
    }
    if (c == '?' && i >= 0 && optopt >= 0x100) {
        return cli_usage_error(s, "option --%s takes no value", s->opts[i].name);
    }
    if (c == '?' || c == ':' || i < 0) {
        char text[3] = {'-', (char)optopt, '\0'};
        return unknown(s, optopt > 0 && optopt < 0x100 ? text : argv[optind - 1]);
    }
    const char *t = opt_text(argv);
    if (abbreviated(t, s->opts[i].name)) {
        return unknown(s, t);
    }
    return store(s, a, (unsigned)i, optarg);
}

int cli_parse(const struct cli_spec *s, int argc, char **argv, struct cli_args *a)
{
    struct option lo[CLI_MAX_OPTS + 2];
    char shorts[3 + 2 * CLI_MAX_OPTS + 1];
    memset(a, 0, sizeof(*a));
    a->args = calloc((size_t)argc + 1, sizeof(*a->args));
    if (a->args == NULL || s->n_opts > CLI_MAX_OPTS) {
        free(a->args);
        a->args = NULL;
        fprintf(stderr, "pcdsim %s: out of memory\n", s->cmd);
        return PCDSIM_EXIT_INPUT;
    }
    build_tables(s, lo, shorts);
    opterr = 0;
    optind = 0; /* glibc: start afresh */
    int rc = CLI_GO, c;
    while (rc == CLI_GO && (c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
        rc = take(s, c, argv, a);
    }
    for (int k = optind; rc == CLI_GO && k < argc; k++) { /* after `--` */
        optarg = argv[k];
        rc = take(s, 1, argv, a);
    }
    if (rc != CLI_GO) {
        cli_args_free(a);
    }
    return rc;
}

void cli_args_free(struct cli_args *a)
{
    free(a->args);
    a->args = NULL;
}

const char *cli_val(const struct cli_args *a, unsigned i, const char *dflt)
{
    return a->count[i] == 0 ? dflt : a->val[i][a->count[i] - 1];
}

int cli_check_required(const struct cli_spec *s, const struct cli_args *a)
{
    char list[256] = "";
    unsigned n_req = 0;
    bool missing = false;
    for (unsigned i = 0; i < s->n_opts; i++) {
        n_req += (s->opts[i].flags & CLI_REQUIRED) != 0;
        missing |= (s->opts[i].flags & CLI_REQUIRED) != 0 && a->count[i] == 0;
    }
    if (!missing) {
        return CLI_GO;
    }
    for (unsigned i = 0, k = 0; i < s->n_opts; i++) {
        if (s->opts[i].flags & CLI_REQUIRED) {
            size_t l = strlen(list);
            k++;
            snprintf(list + l, sizeof(list) - l, "%s--%s", k == 1 ? "" : k == n_req ? " and " : ", ", s->opts[i].name);
        }
    }
    return cli_usage_error(s, "%s %s required", list, n_req == 1 ? "is" : "are");
}
