"""Documents made from a plan's execution (文稿): the compilation of a round (进展情况汇总), the
bulletin (情况通报) and the year-end summary (年度工作总结) — generated from the data as plain text,
edited in the browser, exported in the 公文 layout. See docs/rounds.md, "Documents"."""
