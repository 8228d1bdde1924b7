#!/usr/bin/env python3
"""Rewrites the README's task reference (inputs and outputs of each task) from the task.json files.

Run it after changing a task.json; a test fails when the README misses an input or an output."""
import json, os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
TASKS = ["PortUpsertEntity", "PortGetEntity", "PortReportRun"]
START, END = "### PortUpsertEntity@1", "Output variables are read as"


def cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def section(task):
    spec = json.load(open(os.path.join(ROOT, "tasks", task, "task.json"), encoding="utf-8"))
    lines = [f"### {task}@1", "", "| input | default | what it does |", "|---|---|---|"]
    for i in spec["inputs"]:
        default = f"`{i['defaultValue']}`" if i.get("defaultValue") else ""
        required = " (required)" if i.get("required") else ""
        lines.append(f"| `{i['name']}`{required} | {default} | {cell(i['helpMarkDown'])} |")
    lines += ["", "Outputs:", "", "| output | what it holds |", "|---|---|"]
    lines += [f"| `{o['name']}` | {cell(o['description'])} |" for o in spec["outputVariables"]]
    return "\n".join(lines)


path = os.path.join(ROOT, "README.md")
readme = open(path, encoding="utf-8").read()
start, end = readme.index(START), readme.index(END)
readme = readme[:start] + "\n\n".join(section(t) for t in TASKS) + "\n\n" + readme[end:]
open(path, "w", encoding="utf-8").write(readme)
print("README task reference rewritten")
