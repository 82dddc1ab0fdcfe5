# SPDX-License-Identifier: MIT
# table.awk - turns run.sh's results.txt (RESULT/COMPILE lines) into one markdown table.
# Ratios compare implementations measured in the same run and the same TZ setting.

function fmt_ms(v) {
    if (v == "") return "—"
    if (v + 0 >= 100) return sprintf("%.0f", v)
    if (v + 0 >= 10) return sprintf("%.1f", v)
    return sprintf("%.2f", v)
}
function fmt_mib(kb) { return kb == "" ? "—" : sprintf("%.0f", kb / 1024) }
function ratio(a, b) { return (a == "" || b == "" || b + 0 == 0) ? "" : a / b }
function fmt_ratio(r) { return r == "" ? "—" : sprintf("%.2f×", r) }
function fmt_pct(r) { return r == "" ? "—" : sprintf("%.3f%%", 100 * r) }
# status(ok_unset, ok_utc): "met", "missed", or which TZ setting meets it
function status(a, b) {
    if (a == "" || b == "") return "not measured"
    if (a && b) return "**met**"
    if (!a && !b) return "**missed**"
    return a ? "**met with TZ unset only**" : "**met with TZ=UTC only**"
}
function key(w, i, r, tz) { return w SUBSEP i SUBSEP r SUBSEP tz }

{
    delete f
    for (n = 2; n <= NF; ++n) {
        eq = index($n, "=")
        if (eq) f[substr($n, 1, eq - 1)] = substr($n, eq + 1)
    }
}
$1 == "RESULT" {
    k = key(f["workload"], f["impl"], f["rows"], f["tz"])
    med[k] = f["failed"] ? "" : f["median_ms"]
    rss[k] = f["failed"] ? "" : f["rss_kb"]
    failed[k] = f["failed"]
    row = f["workload"] SUBSEP f["impl"] SUBSEP f["rows"]
    if (!(row in seen)) { seen[row] = 1; order[++rows] = row }
    if (f["group"] != "-" && !f["failed"]) {
        g = f["group"] SUBSEP f["tz"]
        if (!(g in digest)) digest[g] = f["digest"]
        else if (digest[g] != f["digest"]) mismatch = mismatch "\n- digest mismatch in " f["workload"] " (" f["impl"] ", TZ " f["tz"] "): " f["digest"] " vs " digest[g]
    }
    if (f["failed"]) failures = failures "\n- " f["workload"] " " f["impl"] " rows=" f["rows"] " TZ " f["tz"] ": FAILED (see stderr)"
}
$1 == "COMPILE" {
    ct[f["opt"], f["impl"]] = f["median_s"]
    if (!(f["opt"] in ctseen)) { ctseen[f["opt"]] = 1; ctorder[++cts] = f["opt"] }
}

END {
    print "| Workload | Implementation | Rows | Median ms, TZ unset | Median ms, TZ=UTC | Ratio (TZ unset / TZ=UTC) | Peak RSS MiB (unset / UTC) | Target from the issue |"
    print "| --- | --- | ---: | ---: | ---: | --- | ---: | --- |"
    for (n = 1; n <= rows; ++n) {
        split(order[n], p, SUBSEP)
        w = p[1]; impl = p[2]; r = p[3]
        ku = key(w, impl, r, "unset"); kc = key(w, impl, r, "UTC")
        # the baseline this row is compared with
        base = ""; label = ""
        if (w ~ /^W[1-4]$/) { base = "raw"; label = " raw" }
        else if (w == "W5" && impl == "qorm-all") { base = "raw-all"; label = " raw" }
        else if (w == "W6" || w == "W7") { base = "tablemodel"; label = " QSqlTableModel" }
        ratio_cell = "—"
        if (w == "W5" && impl != "qorm-all" && impl != "raw-all") {
            ru = ratio(med[ku], med[key(w, "qorm-all", r, "unset")])
            rc = ratio(med[kc], med[key(w, "qorm-all", r, "UTC")])
            ratio_cell = fmt_pct(ru) " / " fmt_pct(rc) " of qorm-all"
        } else if (base != "" && impl != base) {
            ru = ratio(med[ku], med[key(w, base, r, "unset")])
            rc = ratio(med[kc], med[key(w, base, r, "UTC")])
            if (ru != "" || rc != "") ratio_cell = fmt_ratio(ru) " / " fmt_ratio(rc) label
        }
        target = ""
        if (impl == "qorm") {
            limit = ""
            # The core issue's targets (docs/PERFORMANCE.md).
            if (w == "W1" && r == 100000) limit = 1.00
            if (w == "W2" && r == 100000) limit = 0.80
            if (w == "W3" && r == 100000) limit = 0.90
            if (w == "W4" && r == 10000) limit = 1.10
            if (w == "W6") limit = 1.00
            if (limit != "" && ru != "" && rc != "")
                target = sprintf("≤ %.2f×%s: %s", limit, label, status(ru <= limit, rc <= limit))
            if (w == "W4" && r == 100000) {
                t1u = med[key(w, impl, 10000, "unset")]; t1c = med[key(w, impl, 10000, "UTC")]
                if (t1u != "" && t1c != "" && med[ku] != "" && med[kc] != "")
                    target = sprintf("linear (100k/10k ≤ 12×): %s (%.1f× / %.1f×)", \
                                     status(med[ku] / t1u <= 12, med[kc] / t1c <= 12), med[ku] / t1u, med[kc] / t1c)
            }
            if (w == "W5") {
                rall_u = rss[key(w, "tablemodel-all", r, "unset")]; rall_c = rss[key(w, "tablemodel-all", r, "UTC")]
                if (ru != "" && rc != "")
                    target = sprintf("< 1%% of full load: %s", status(ru < 0.01, rc < 0.01))
                if (rall_u != "" && rall_c != "" && rss[ku] != "" && rss[kc] != "")
                    target = target sprintf("; RSS < QSqlTableModel fetched-all (%s / %s MiB): %s", fmt_mib(rall_u), fmt_mib(rall_c), \
                                            status(rss[ku] + 0 < rall_u + 0, rss[kc] + 0 < rall_c + 0))
            }
        }
        name = impl
        if (impl == "raw") name = "raw QSqlQuery"
        if (impl == "raw-all") name = "raw QSqlQuery, load all rows"
        if (impl == "qorm-all") name = "qorm, load all rows (`query().all()`)"
        if (impl == "tablemodel") name = "QSqlTableModel"
        if (impl == "tablemodel-all") name = "QSqlTableModel, fetch all rows"
        if (impl == "qorm" && (w == "W5" || w == "W6" || w == "W7")) name = "qorm EntityTableModel"
        printf "| %s | %s | %s | %s | %s | %s | %s / %s | %s |\n", w, name, r, \
               failed[ku] ? "FAILED" : fmt_ms(med[ku]), failed[kc] ? "FAILED" : fmt_ms(med[kc]), ratio_cell, \
               fmt_mib(rss[ku]), fmt_mib(rss[kc]), target
    }
    for (n = 1; n <= cts; ++n) {
        o = ctorder[n]; opt = o; gsub(/_/, " ", opt)
        q = ct[o, "qorm"]; rw = ct[o, "raw"]
        rr = ratio(q, rw)
        printf "| compile `%s` | raw QSqlQuery TU | — | %s s | (TZ n/a) | — | — | |\n", opt, rw
        printf "| compile `%s` | qorm TU | — | %s s | (TZ n/a) | %s raw | — | %s |\n", opt, q, fmt_ratio(rr), \
               rr == "" ? "" : "≤ 1.30× raw: " status(rr <= 1.3, rr <= 1.3)
    }
    if (mismatch != "" || failures != "") {
        print ""
        print "Problems:" mismatch failures
    }
}
