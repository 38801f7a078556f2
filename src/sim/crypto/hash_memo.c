/*
 * The exact SHA-256 memo of the host backend (pcdsim/hash_memo.h): a tree of running states whose
 * edges are update() calls' bytes, compared byte for byte. One lock for the tree: the core threads
 * of a SoC hash in turn, and sweep workers are separate processes with their own copy.
 */
#include "pcdsim/hash_memo.h"
#include "hash_memo_internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

/* Children one state may have: beyond, updates from it are hashed and not remembered (a state
 * followed by ever different bytes is not worth a longer list to compare against). */
#define MAX_CHILDREN 64u
/* What a node costs besides its edge's bytes: the node and an EVP_MD_CTX with its SHA-256 state. */
#define NODE_COST 512u

struct node {
    struct node *child, *sibling, *next_all;
    EVP_MD_CTX *md; /* the state after the path's bytes; never changed once the node exists */
    uint8_t *bytes; /* the edge's bytes from the parent (a copy), len of them */
    uint32_t len, n_children;
    bool have_digest;
    uint8_t digest[PCD_SHA256_LEN];
};

/* What struct pcd_sha256 holds on the host: a running state outside the memo (md), or a position
 * in it (at); in check mode also the shadow, the same bytes hashed without the memo. */
struct state {
    EVP_MD_CTX *md;
    struct node *at;
    EVP_MD_CTX *shadow;
};
_Static_assert(sizeof(struct state) <= sizeof(((struct pcd_sha256 *)0)->u), "the state fits pcd_sha256");

static struct {
    pthread_mutex_t lock;
    enum pcdsim_hash_memo_mode mode;
    bool check_branch; /* check mode recomputes the hashes started now */
    struct node *root, *all;
    size_t bytes;  /* edges and nodes held */
    uint64_t live; /* states positioned in the tree: it is emptied only when none is */
    bool full;     /* an edge was refused for the budget: empty the tree when no state is in it */
    struct pcdsim_hash_memo_stats st;
} M = {.lock = PTHREAD_MUTEX_INITIALIZER, .mode = PCDSIM_HASH_MEMO_ON, .check_branch = true};

static pthread_once_t env_once = PTHREAD_ONCE_INIT;
static _Atomic uint64_t hashed; /* bytes OpenSSL hashed: relaxed, as crypto_openssl.c's counters */

static void count_hashed(uint32_t n)
{
    atomic_store_explicit(&hashed, atomic_load_explicit(&hashed, memory_order_relaxed) + n, memory_order_relaxed);
}

int pcdsim_hash_memo_parse(const char *s, enum pcdsim_hash_memo_mode *out)
{
    static const char *const names[] = {"off", "on", "check"};
    for (unsigned i = 0; s != NULL && i < 3u; i++) {
        if (strcmp(s, names[i]) == 0) {
            *out = (enum pcdsim_hash_memo_mode)i;
            return 0;
        }
    }
    return -1;
}

static void read_env(void)
{
    const char *v = getenv("PCDSIM_HASH_MEMO");
    enum pcdsim_hash_memo_mode m;
    if (v == NULL) {
        return;
    }
    if (pcdsim_hash_memo_parse(v, &m) != 0) {
        fprintf(stderr, "pcdsim: PCDSIM_HASH_MEMO='%s' is not on, off or check; the memo stays on\n", v);
        return;
    }
    pthread_mutex_lock(&M.lock);
    M.mode = m;
    pthread_mutex_unlock(&M.lock);
}

void pcdsim_hash_memo_set_mode(enum pcdsim_hash_memo_mode mode)
{
    (void)pthread_once(&env_once, read_env); /* the environment must not override a later set */
    pthread_mutex_lock(&M.lock);
    M.mode = mode;
    pthread_mutex_unlock(&M.lock);
}

enum pcdsim_hash_memo_mode pcdsim_hash_memo_mode(void)
{
    (void)pthread_once(&env_once, read_env);
    pthread_mutex_lock(&M.lock);
    enum pcdsim_hash_memo_mode m = M.mode;
    pthread_mutex_unlock(&M.lock);
    return m;
}

void pcdsim_hash_memo_branch(uint64_t index)
{
    pthread_mutex_lock(&M.lock);
    M.check_branch = index % PCDSIM_HASH_MEMO_CHECK_EVERY == 0;
    pthread_mutex_unlock(&M.lock);
}

void pcdsim_hash_memo_stats(struct pcdsim_hash_memo_stats *out)
{
    pthread_mutex_lock(&M.lock);
    *out = M.st;
    out->hashed_bytes = atomic_load_explicit(&hashed, memory_order_relaxed);
    out->memo_bytes = M.bytes;
    pthread_mutex_unlock(&M.lock);
}

void pcdsim_hash_memo_reset_stats(void)
{
    pthread_mutex_lock(&M.lock);
    memset(&M.st, 0, sizeof(M.st));
    atomic_store_explicit(&hashed, 0, memory_order_relaxed);
    pthread_mutex_unlock(&M.lock);
}

void pcdsim_hash_memo_test_corrupt(void)
{
    pthread_mutex_lock(&M.lock);
    for (struct node *n = M.all; n != NULL; n = n->next_all) {
        n->digest[0] ^= 0xFFu;
    }
    pthread_mutex_unlock(&M.lock);
}

/* A fresh SHA-256 state, or NULL. */
static EVP_MD_CTX *new_md(void)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (md == NULL || EVP_DigestInit_ex(md, crypto_sha256_method(), NULL) != 1) {
        EVP_MD_CTX_free(md);
        ERR_clear_error();
        return NULL;
    }
    return md;
}

/* A copy of @p src, or NULL. */
static EVP_MD_CTX *copy_md(const EVP_MD_CTX *src)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (md == NULL || EVP_MD_CTX_copy_ex(md, src) != 1) {
        EVP_MD_CTX_free(md);
        ERR_clear_error();
        return NULL;
    }
    return md;
}

/* A node for state @p md reached by the bytes @p data (copied), linked under @p parent (NULL: the
 * root); NULL if out of memory. Under the lock. */
static struct node *add_node(struct node *parent, EVP_MD_CTX *md, const void *data, uint32_t len)
{
    struct node *n = calloc(1, sizeof(*n));
    uint8_t *b = len != 0 ? malloc(len) : NULL;
    if (n == NULL || (len != 0 && b == NULL)) {
        free(n);
        free(b);
        return NULL;
    }
    if (len != 0) {
        memcpy(b, data, len);
    }
    *n = (struct node){.md = md, .bytes = b, .len = len, .next_all = M.all};
    M.all = n;
    M.bytes += (size_t)len + NODE_COST;
    if (parent != NULL) {
        n->sibling = parent->child;
        parent->child = n;
        parent->n_children++;
    }
    return n;
}

/* Empty the tree (no state is positioned in it). Under the lock. */
static void flush(void)
{
    for (struct node *n = M.all, *next; n != NULL; n = next) {
        next = n->next_all;
        EVP_MD_CTX_free(n->md);
        free(n->bytes);
        free(n);
    }
    M.all = M.root = NULL;
    M.bytes = 0;
    M.full = false;
}

/* Where a new hash starts in the tree (NULL: memo off or no memory). Under the lock. */
static struct node *start(void)
{
    if (M.mode == PCDSIM_HASH_MEMO_OFF) {
        return NULL;
    }
    if (M.live == 0 && M.full) {
        flush();
    }
    if (M.root == NULL) {
        EVP_MD_CTX *md = new_md();
        if (md != NULL && (M.root = add_node(NULL, md, NULL, 0)) == NULL) {
            EVP_MD_CTX_free(md);
        }
    }
    if (M.root != NULL) {
        M.live++;
    }
    return M.root;
}

static void load(struct state *s, const struct pcd_sha256 *ctx)
{
    memcpy(s, ctx->u.bytes, sizeof(*s));
}

static void store(struct pcd_sha256 *ctx, const struct state *s)
{
    memcpy(ctx->u.bytes, s, sizeof(*s));
}

int hm_init(struct pcd_sha256 *ctx)
{
    if (ctx == NULL) {
        return PCD_E_CRYPTO;
    }
    (void)pthread_once(&env_once, read_env);
    memset(ctx, 0, sizeof(*ctx));
    struct state s = {0};
    pthread_mutex_lock(&M.lock);
    s.at = start();
    bool check = M.mode == PCDSIM_HASH_MEMO_CHECK && M.check_branch;
    pthread_mutex_unlock(&M.lock);
    if ((s.at == NULL && (s.md = new_md()) == NULL) || (check && (s.shadow = new_md()) == NULL)) {
        store(ctx, &s);
        hm_drop(ctx);
        return PCD_E_CRYPTO;
    }
    store(ctx, &s);
    return 0;
}

/* Move @p s along the edge of @p data, or hash it and add the edge. Under the lock. */
static int step(struct state *s, const void *data, uint32_t len)
{
    for (struct node *c = s->at->child; c != NULL; c = c->sibling) {
        if (c->len == len && memcmp(c->bytes, data, len) == 0) {
            s->at = c;
            M.st.hits++;
            return 0;
        }
    }
    M.st.misses++;
    EVP_MD_CTX *md = copy_md(s->at->md);
    if (md == NULL || EVP_DigestUpdate(md, data, len) != 1) {
        EVP_MD_CTX_free(md);
        ERR_clear_error();
        return PCD_E_CRYPTO;
    }
    count_hashed(len);
    struct node *c = NULL;
    if (M.bytes + len + NODE_COST > PCDSIM_HASH_MEMO_BUDGET) {
        M.full = true;
    } else if (s->at->n_children < MAX_CHILDREN) {
        c = add_node(s->at, md, data, len);
    }
    if (c != NULL) {
        s->at = c;
    } else {
        s->md = md; /* leave the tree: this hash goes on alone */
        s->at = NULL;
        M.live--;
    }
    return 0;
}

int hm_update(struct pcd_sha256 *ctx, const void *data, uint32_t len)
{
    if (ctx == NULL) {
        return PCD_E_CRYPTO;
    }
    struct state s;
    load(&s, ctx);
    if ((s.md == NULL && s.at == NULL) || (data == NULL && len != 0u)) {
        return PCD_E_CRYPTO;
    }
    if (len == 0u) {
        return 0;
    }
    int rc = 0;
    if (s.shadow != NULL) {
        rc = EVP_DigestUpdate(s.shadow, data, len) == 1 ? 0 : PCD_E_CRYPTO;
        count_hashed(len);
    }
    if (rc == 0 && s.md != NULL) {
        rc = EVP_DigestUpdate(s.md, data, len) == 1 ? 0 : PCD_E_CRYPTO;
        count_hashed(len);
    } else if (rc == 0) {
        pthread_mutex_lock(&M.lock);
        rc = step(&s, data, len);
        pthread_mutex_unlock(&M.lock);
    }
    if (rc != 0) {
        ERR_clear_error(); /* only a failing call leaves errors queued */
    }
    store(ctx, &s);
    return rc;
}

/* The digest of node @p n, computed once. Under the lock. */
static int node_digest(struct node *n, uint8_t out[PCD_SHA256_LEN])
{
    if (!n->have_digest) {
        EVP_MD_CTX *md = copy_md(n->md);
        unsigned int len = 0;
        int ok = md != NULL && EVP_DigestFinal_ex(md, n->digest, &len) == 1 && len == PCD_SHA256_LEN;
        EVP_MD_CTX_free(md);
        if (!ok) {
            ERR_clear_error();
            return PCD_E_CRYPTO;
        }
        n->have_digest = true;
    }
    memcpy(out, n->digest, PCD_SHA256_LEN);
    return 0;
}

/* Finish a plain state into @p out (NULL: only release it). */
static int final_md(EVP_MD_CTX *md, uint8_t *out)
{
    unsigned int n = 0;
    int ok = out != NULL && EVP_DigestFinal_ex(md, out, &n) == 1 && n == PCD_SHA256_LEN;
    EVP_MD_CTX_free(md);
    if (!ok) {
        ERR_clear_error();
    }
    return ok ? 0 : PCD_E_CRYPTO;
}

/* Check mode: compare @p out with the shadow's digest; a difference is counted and the shadow's
 * digest, the one SHA-256 defines, is what the caller gets. */
static int check_final(EVP_MD_CTX *shadow, int rc, uint8_t out[PCD_SHA256_LEN])
{
    uint8_t truth[PCD_SHA256_LEN];
    int src = final_md(shadow, truth);
    if (rc != 0 || src != 0) {
        return rc != 0 ? rc : src;
    }
    pthread_mutex_lock(&M.lock);
    M.st.checked++;
    if (memcmp(out, truth, PCD_SHA256_LEN) != 0) {
        M.st.mismatches++;
        memcpy(out, truth, PCD_SHA256_LEN);
    }
    pthread_mutex_unlock(&M.lock);
    return 0;
}

int hm_final(struct pcd_sha256 *ctx, uint8_t out[PCD_SHA256_LEN])
{
    if (ctx == NULL) {
        return PCD_E_CRYPTO;
    }
    struct state s;
    load(&s, ctx);
    memset(ctx, 0, sizeof(*ctx)); /* released whatever the result */
    int rc = PCD_E_CRYPTO;
    if (s.at != NULL) {
        pthread_mutex_lock(&M.lock);
        rc = out != NULL ? node_digest(s.at, out) : PCD_E_CRYPTO;
        M.live--;
        pthread_mutex_unlock(&M.lock);
    } else if (s.md != NULL) {
        rc = final_md(s.md, out);
    }
    if (s.shadow != NULL) {
        rc = check_final(s.shadow, rc, out);
    }
    return rc;
}

int hm_copy(struct pcd_sha256 *dst, const struct pcd_sha256 *src)
{
    if (dst == NULL || src == NULL) {
        return PCD_E_CRYPTO;
    }
    struct state s, d = {0};
    load(&s, src);
    memset(dst, 0, sizeof(*dst));
    if (s.md == NULL && s.at == NULL) {
        return PCD_E_CRYPTO;
    }
    bool ok = (s.md == NULL || (d.md = copy_md(s.md)) != NULL) && (s.shadow == NULL || (d.shadow = copy_md(s.shadow)) != NULL);
    if (ok && s.at != NULL) {
        pthread_mutex_lock(&M.lock);
        d.at = s.at;
        M.live++;
        pthread_mutex_unlock(&M.lock);
    }
    store(dst, &d);
    if (!ok) {
        hm_drop(dst);
        return PCD_E_CRYPTO;
    }
    return 0;
}

void hm_drop(struct pcd_sha256 *ctx)
{
    if (ctx == NULL) {
        return;
    }
    struct state s;
    load(&s, ctx);
    EVP_MD_CTX_free(s.md);
    EVP_MD_CTX_free(s.shadow);
    if (s.at != NULL) {
        pthread_mutex_lock(&M.lock);
        M.live--;
        pthread_mutex_unlock(&M.lock);
    }
    memset(ctx, 0, sizeof(*ctx));
}
