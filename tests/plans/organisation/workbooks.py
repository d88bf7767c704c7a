"""Workbooks built in tests, as people fill them: title rows, headers in any order."""

import io

from openpyxl import Workbook


def workbook(sheets):
    """An .xlsx (bytes) of ``sheets``: {title: [row, …]}, each row a list of cell values."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


UNITS = [
    ["2026年测试市总工会单位名单"],
    ["填表日期：2026年1月"],
    ["排序", "单位名称", "单位类型", "上级单位", "通知邮箱", "简称"],
    [1, "组织部", "部室", "测试市总工会", "zzb@example.org", ""],
    [2, "工人文化宫", "直属单位", "", "whg@example.org；whg2@example.org", "文化宫"],
    [3, "丁区总工会", "区县总工会", "", "", "丁区"],
    [4, "丁区机关工会", "其他", "丁区总工会", "", ""],
]
PEOPLE = [
    ["人员名单"],
    ["所属单位", "姓名", "账号", "手机", "角色", "邮箱"],
    ["宣教部", "王宣", "wangxuan", "13800000001", "宣教部工作人员", "wx@example.org"],
    ["丁区总工会", "赵丁", "zhaoding", "13800000002", "单位填报员", ""],
    ["测试市总工会", "张慧", "zhanghui", "", "领导", ""],
]


def filled():
    return workbook({"单位名单": UNITS, "人员名单": PEOPLE})
