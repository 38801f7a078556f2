/* Shard facts in sweep reports (sweep_merge.h). */
#include "sweep_merge.h"

#include "cli_util.h"

void sweep_shard_meta_write(FILE *f, const struct sweep_shard_meta *m, bool junit)
{
    if (!junit) {
        fprintf(f, "# pcdsim-sweep shard=%llu/%llu branches=%llu total=%llu sweep=%s\n", (unsigned long long)m->shard_i,
                (unsigned long long)m->shard_n, (unsigned long long)m->branches, (unsigned long long)m->total,
                m->sweep);
        return;
    }
    fprintf(f, "  <properties>\n    <property name=\"pcdsim.shard\" value=\"%llu/%llu\"/>\n",
            (unsigned long long)m->shard_i, (unsigned long long)m->shard_n);
    fprintf(f, "    <property name=\"pcdsim.branches\" value=\"%llu\"/>\n", (unsigned long long)m->branches);
    fprintf(f, "    <property name=\"pcdsim.total\" value=\"%llu\"/>\n", (unsigned long long)m->total);
    fputs("    <property name=\"pcdsim.sweep\" value=\"", f);
    if (m->sweep_escaped) {
        fputs(m->sweep, f);
    } else {
        cli_xml_escape(f, m->sweep);
    }
    fputs("\"/>\n  </properties>\n", f);
}

uint64_t sweep_shard_size(uint64_t total, uint64_t shard_i, uint64_t shard_n)
{
    return shard_i == 0 || shard_n == 0 || shard_i > total ? 0 : (total - shard_i) / shard_n + 1;
}
