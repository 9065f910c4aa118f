"""YAML as curators write it: a key given twice is an error, not silently the last one.

PyYAML keeps the last of two equal keys; the loader here refuses them, names the record,
and keeps an impossible date (2025-02-30) as text so the record check can name it too.
Before any Python object is built, the parsed node tree is measured (`load_bounded`): a few
hundred bytes of nested aliases ("billion laughs") would otherwise expand to gigabytes.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import yaml

# Far above the curated data (the largest file: ~40,000 nodes, depth 9) and far below what
# would exhaust memory or the stack.
MAX_NODES = 5_000_000
MAX_DEPTH = 64


class TooLarge(ValueError):
    """The document would expand beyond the bounds; the message says which."""


class StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A YAML loader that refuses a key given twice in one mapping (PyYAML keeps the last).

    Built on libyaml's parser when PyYAML has it: five times faster on the curated data.
    """


def _construct_mapping(loader: StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, Hashable):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a word, not a list or mapping", key_node.start_mark)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key '{key}' is given twice in {_mapping_name(node)}",
                key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


def _mapping_name(node: yaml.MappingNode) -> str:
    """'the record organisatie/x' when the mapping has an id, else 'one record or item'."""
    for key_node, value_node in node.value:
        if getattr(key_node, "value", None) == "id" and isinstance(value_node, yaml.ScalarNode):
            return f"the record {value_node.value}"
    return "one record or item"


def _construct_timestamp(loader: StrictLoader, node: yaml.ScalarNode) -> Any:
    """A date that does not exist (2025-02-30) stays text, so the record check can name it."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
# The parser's words for the usual slips, and what they mean to a curator.
YAML_HINTS = {
    "cannot start any token": " (often a tab: indent with spaces only; or a value that starts "
                              "with @ or `: put it between quotes)",
    "did not find expected": " (probably a line that is not indented like its neighbours)",
    "mapping values are not allowed": " (probably a ': ' inside a value that is not quoted)",
    "could not find expected ':'": " (probably a line that is not indented like its neighbours)",
    "found undefined alias": " (a '*' at the start of a value: put the value between quotes)",
}


def load_bounded(text: str) -> Any:
    """Parse YAML text with StrictLoader, refusing documents that expand beyond MAX_NODES
    nodes (aliases counted at every place they stand) or nest deeper than MAX_DEPTH."""
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_bounds(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _check_bounds(root: yaml.Node) -> None:
    """Count the expanded size of the node graph without expanding it: an alias is the same
    node object, so each node's size is computed once (iteratively: no recursion limit)."""
    size: dict[int, int] = {}
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    on_path: set[int] = set()
    while stack:
        node, depth, children_done = stack.pop()
        if depth > MAX_DEPTH:
            raise TooLarge(f"the document nests deeper than {MAX_DEPTH} levels")
        children = _children(node)
        if children_done:
            on_path.discard(id(node))
            total = 1 + sum(size[id(child)] for child in children)
            if total > MAX_NODES:
                raise TooLarge(f"the document expands to more than {MAX_NODES:,} values "
                               "(through aliases: '&name' ... '*name')")
            size[id(node)] = total
            continue
        if id(node) in size:
            continue
        if id(node) in on_path:  # a recursive alias: the node contains itself
            raise TooLarge("the document refers to itself through an alias")
        on_path.add(id(node))
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in children if id(child) not in size)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []
