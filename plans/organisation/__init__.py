"""The federation's organisation run from the portal: its units, their contacts and people,
the leaders, accounts, and the unit and people lists (单位名单 / 人员名单) read from and written
to Excel. Views call these services; who may use them is ``plans.permissions``."""
