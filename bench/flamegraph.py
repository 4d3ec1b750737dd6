#!/usr/bin/env python3
"""Flame graph and hot-function lists from `perf script` output, for issue 13's profiles.

Reads the text `perf script` prints for a `perf record -g` capture (one header line per sample,
then its call stack, leaf first, one frame a line, a blank line after each sample), collapses
identical stacks itself, and writes:
  - a self-contained SVG flame graph (no JavaScript: each frame a rectangle with a <title>
    tooltip giving its name, samples and share; width proportional to samples; the root at the
    bottom, callers below callees; frames under --min-percent of all samples are dropped, with
    everything above them);
  - on stdout, the top leaf functions (where the CPU was: self samples) and the top inclusive
    functions (the share of samples whose stack contains the function anywhere), as percentages
    of all samples.
Each sample counts once (perf record -F samples at a fixed frequency, so counts are time).
The root frame of each stack is the thread's name (perf's comm): threads that name themselves
get towers of their own. C++ names are shown without their template arguments (`lexer<...>::
scan_string`) in the frames' labels and in the lists, which add up every instantiation of a
name; the tooltips keep the full name.

usage: perf script -i perf.data | bench/flamegraph.py --svg out.svg [--title T]
                                    [--min-percent 0.5] [--top 25] [--folded out.folded]
       bench/flamegraph.py --input perf.txt --svg out.svg
"""
import argparse
import collections
import hashlib
import html
import re
import shutil
import subprocess
import sys

OFFSET = re.compile(r"\+0x[0-9a-f]+$")


def parse_frame(line):
    """One stack line `  addr symbol+0xoff (dso)` -> (symbol, dso)."""
    parts = line.strip().split(None, 1)
    rest = parts[1] if len(parts) > 1 else "[unknown]"
    dso = ""
    # The dso is the last parenthesised group; C++ symbols may contain parentheses and spaces.
    if rest.endswith(")") and " (" in rest:
        cut = rest.rindex(" (")
        rest, dso = rest[:cut], rest[cut + 2:-1]
    symbol = OFFSET.sub("", rest.strip())
    if symbol in ("", "[unknown]"):
        # Name the library at least: "[libpq.so.5.15]"; "[unknown]" when perf lacks it too.
        base = dso.rsplit("/", 1)[-1].strip("[]") if dso else ""
        symbol = f"[{base or 'unknown'}]"
    return symbol, dso


def read_samples(stream):
    """Yields (thread name, [(symbol, dso), ...] root first) for each sample."""
    comm, frames = None, []
    for raw in stream:
        line = raw.rstrip("\n")
        if not line.strip():
            if comm is not None:
                yield comm, frames[::-1]
            comm, frames = None, []
        elif line[0] in " \t":
            if comm is not None:
                frames.append(parse_frame(line))
        else:
            if comm is not None:  # a sample without the blank line after it
                yield comm, frames[::-1]
            # The header starts with the thread name, which may contain spaces, then pid/tid.
            match = re.match(r"^(.*?)\s+\d+(?:/\d+)?\s", line)
            comm, frames = (match.group(1) if match else line.split()[0]), []
    if comm is not None:
        yield comm, frames[::-1]


def demangle(names):
    """Maps the mangled names among `names` (perf leaves some when it lacks the demangler)."""
    mangled = sorted(n for n in names if n.startswith("_Z"))
    if not mangled or not shutil.which("c++filt"):
        return {}
    # -p: without parameter lists, as perf prints its own demangled names. A mangled name has
    # no dot: what follows one is a compiler suffix (.isra.0, .cold, or GCC's coroutine
    # .Frame.actor, which c++filt refuses), kept after the demangled name.
    bases = [n.split(".", 1)[0] for n in mangled]
    out = subprocess.run(["c++filt", "-p"], input="\n".join(bases) + "\n",
                         capture_output=True, text=True, check=False).stdout.split("\n")
    return {n: d + (f" [{n.split('.', 1)[1]}]" if "." in n else "")
            for n, d in zip(mangled, out)}


def short_name(name):
    """`a::b<T, std::vector<U> >::c` -> `a::b<...>::c`; operator<, <<, -> and >> stay."""
    out, depth = [], 0
    for i, c in enumerate(name):
        if c == "<" and not name[:i].endswith(("operator", "operator<")):
            if depth == 0:
                out.append("<...>")
            depth += 1
        elif c == ">" and depth > 0:
            depth -= 1
        elif depth == 0:
            out.append(c)
    return "".join(out)


class Node:
    __slots__ = ("count", "children", "dso")

    def __init__(self, dso=""):
        self.count, self.children, self.dso = 0, {}, dso


def color(name, dso):
    """Warm colours for user code, orange for the kernel, grey for unknown frames."""
    digest = hashlib.md5(name.encode()).digest()
    if name.startswith("[") and name.endswith("]") and "kernel" not in dso:
        grey = 180 + digest[0] % 40
        return f"rgb({grey},{grey},{grey})"
    if "kernel" in dso:
        return f"rgb({200 + digest[0] % 55},{120 + digest[1] % 60},{30 + digest[2] % 30})"
    return f"rgb({205 + digest[0] % 50},{60 + digest[1] % 130},{40 + digest[2] % 40})"


def write_svg(root, total, path, title, min_percent):
    width, height_frame, font = 1200, 16, 11
    char_width = font * 0.6
    pad_x, pad_top, pad_bottom = 10, 40, 10
    min_count = total * min_percent / 100.0
    scale = (width - 2 * pad_x) / total

    rects, depth_max = [], 0

    def visit(node, name, x, depth):
        nonlocal depth_max
        depth_max = max(depth_max, depth)
        rects.append((name, node, x, depth))
        child_x = x
        for child_name, child in sorted(node.children.items()):
            if child.count >= min_count:
                visit(child, child_name, child_x, depth + 1)
            child_x += child.count  # a dropped frame still takes its place under its parent

    visit(root, "all", 0, 0)
    height = pad_top + (depth_max + 1) * height_frame + pad_bottom
    out = [
        '<?xml version="1.0" standalone="no"?>',
        f'<svg version="1.1" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="rgb(248,248,240)"/>',
        f'<text x="{width / 2}" y="20" font-family="Verdana,sans-serif" font-size="15" '
        f'text-anchor="middle">{html.escape(title)}</text>',
        f'<text x="{pad_x}" y="34" font-family="Verdana,sans-serif" font-size="10" '
        f'fill="rgb(90,90,90)">{total} samples; frames under {min_percent} % dropped; '
        'hover a frame for its name and share</text>',
    ]
    for name, node, x, depth in rects:
        rx = pad_x + x * scale
        rw = node.count * scale
        ry = height - pad_bottom - (depth + 1) * height_frame
        share = 100.0 * node.count / total
        label = html.escape(name)
        out.append(f'<g><title>{label} ({node.count} samples, {share:.2f} %)</title>')
        fill = "rgb(200,200,200)" if depth == 0 else color(name, node.dso)
        out.append(f'<rect x="{rx:.2f}" y="{ry}" width="{max(rw - 0.5, 0.1):.2f}" '
                   f'height="{height_frame - 1}" fill="{fill}" rx="2"/>')
        chars = int((rw - 6) / char_width)
        if chars >= 3:
            text = short_name(name)
            text = text if len(text) <= chars else text[:chars - 2] + ".."
            out.append(f'<text x="{rx + 3:.2f}" y="{ry + height_frame - 4}" '
                       f'font-family="Verdana,sans-serif" font-size="{font}">'
                       f'{html.escape(text)}</text>')
        out.append("</g>")
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--input", help="perf script output (default: stdin)")
    parser.add_argument("--svg", required=True, help="flame graph to write")
    parser.add_argument("--title", default="Flame graph")
    parser.add_argument("--min-percent", type=float, default=0.5)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--folded", help="also write the collapsed stacks (stack;frames count)")
    args = parser.parse_args()

    stream = open(args.input, encoding="utf-8", errors="replace") if args.input else \
        open(sys.stdin.fileno(), encoding="utf-8", errors="replace")
    stacks = collections.Counter()
    dsos = {}
    with stream:
        for comm, frames in read_samples(stream):
            for symbol, dso in frames:
                dsos.setdefault(symbol, dso)
            stacks[(comm,) + tuple(symbol for symbol, _ in frames)] += 1
    total = sum(stacks.values())
    if total == 0:
        sys.exit("flamegraph.py: no samples in the input")

    names = demangle({frame for stack in stacks for frame in stack[1:]})
    if names:
        collapsed = collections.Counter()
        for stack, count in stacks.items():
            collapsed[stack[:1] + tuple(names.get(f, f) for f in stack[1:])] += count
        dsos.update({names[k]: v for k, v in list(dsos.items()) if k in names})
        stacks = collapsed

    root = Node()
    self_counts, inclusive = collections.Counter(), collections.Counter()
    for stack, count in stacks.items():
        root.count += count
        node = root
        for depth, frame in enumerate(stack):
            dso = "" if depth == 0 else dsos.get(frame, "")
            node = node.children.setdefault(frame, Node(dso))
            node.count += count
        functions = [short_name(frame) for frame in stack[1:]]
        if functions:
            self_counts[functions[-1]] += count
            for frame in set(functions):  # recursion counts once per sample
                inclusive[frame] += count

    write_svg(root, total, args.svg, args.title, args.min_percent)
    if args.folded:
        with open(args.folded, "w", encoding="utf-8") as f:
            for stack, count in sorted(stacks.items()):
                f.write(";".join(s.replace(";", ":") for s in stack) + f" {count}\n")

    print(f"samples: {total}")
    for heading, counter in (("leaf (self) functions", self_counts),
                             ("inclusive functions", inclusive)):
        print(f"top {args.top} {heading}:")
        for name, count in counter.most_common(args.top):
            print(f"  {100.0 * count / total:6.2f} %  {name[:150]}")


if __name__ == "__main__":
    main()
