#!/usr/bin/env python3
"""Writes src/shapes/generated.rs: the input and output shapes of the Proton operations that
proton-local serves, as AWS CLI 2.9.19 loads them from its own copy of the model, with each
member's documentation overview made by the AWS CLI's own get_shape_doc_overview.

Needs the AWS CLI v2 of the system packages (apt-get install awscli), whose Python modules it
imports. Run from the repository's root:

    python3 scripts/gen-shapes.py > src/shapes/generated.rs

The operations are listed in OPERATIONS below; add one there when proton-local learns it.
"""
import re
import xml.dom.minidom  # noqa: F401 (awscli.customizations.utils uses it without importing it)
import xml.parsers.expat  # noqa: F401
import sys

sys.path.insert(0, "/usr/lib/python3/dist-packages")

from awscli.botocore.loaders import Loader  # noqa: E402
from awscli.botocore.model import ServiceModel  # noqa: E402
from awscli.customizations.utils import get_shape_doc_overview  # noqa: E402

OPERATIONS = [
    "CreateEnvironmentAccountConnection",
    "AcceptEnvironmentAccountConnection",
    "RejectEnvironmentAccountConnection",
    "GetEnvironmentAccountConnection",
    "UpdateEnvironmentAccountConnection",
    "DeleteEnvironmentAccountConnection",
    "ListEnvironmentAccountConnections",
    "TagResource",
    "UntagResource",
    "ListTagsForResource",
    "CreateEnvironmentTemplate",
    "GetEnvironmentTemplate",
    "ListEnvironmentTemplates",
    "UpdateEnvironmentTemplate",
    "DeleteEnvironmentTemplate",
    "CreateEnvironmentTemplateVersion",
    "GetEnvironmentTemplateVersion",
    "ListEnvironmentTemplateVersions",
    "UpdateEnvironmentTemplateVersion",
    "DeleteEnvironmentTemplateVersion",
    "CreateEnvironment",
    "GetEnvironment",
    "ListEnvironments",
    "UpdateEnvironment",
    "DeleteEnvironment",
]


def const_name(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper()


def rust_str(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Writer:
    def __init__(self):
        self.structures = {}  # shape name -> rust const, in the order first met
        self.order = []

    def kind(self, shape):
        t = shape.type_name
        if t == "string" and shape.enum:
            return "Kind::Enum(&[%s])" % ", ".join(rust_str(v) for v in shape.enum)
        if t == "string":
            return "Kind::String { min: %d }" % shape.metadata.get("min", 0)
        if t in ("integer", "long"):
            return "Kind::Integer { min: %d }" % shape.metadata.get("min", -(2**63))
        if t == "timestamp":
            return "Kind::Timestamp"
        if t == "list":
            if shape.metadata.get("min", 0) > 0:
                raise SystemExit("gen-shapes.py: %s has a minimum length, which Kind::List can't hold yet" % shape.name)
            return "Kind::List(&%s)" % self.kind(shape.member)
        if t == "structure":
            return "Kind::Structure(%s)" % self.structure(shape)
        raise SystemExit("gen-shapes.py: no Kind for %s (%s) yet" % (shape.name, t))

    def structure(self, shape, name=None):
        name = name or const_name(shape.name)
        if name in self.structures:
            return name
        self.structures[name] = None
        required = set(shape.required_members)
        members = []
        for member_name, member in shape.members.items():
            doc = get_shape_doc_overview(member)
            # botocore fills a member marked idempotencyToken with a UUID when the call has none
            # (handlers.generate_idempotent_uuid, over OperationModel.idempotent_members).
            token = bool(member.metadata.get("idempotencyToken", False))
            members.append(
                "    Member { name: %s, kind: %s, required: %s, idempotency_token: %s, doc: %s },"
                % (rust_str(member_name), self.kind(member), str(member_name in required).lower(), str(token).lower(), rust_str(doc))
            )
        body = "\n%s\n" % "\n".join(members) if members else ""
        self.structures[name] = "pub const %s: &[Member] = &[%s];\n" % (name, body)
        self.order.append(name)
        return name


def main():
    model = ServiceModel(Loader().load_service_model("proton", "service-2"), "proton")
    writer = Writer()
    for operation in OPERATIONS:
        op = model.operation_model(operation)
        writer.structure(op.input_shape, name=const_name(operation) + "_INPUT")
        writer.structure(op.output_shape, name=const_name(operation) + "_OUTPUT")
    print("// Written by scripts/gen-shapes.py from AWS CLI 2.9.19's copy of the Proton model; do not edit.")
    print("// Each member's `doc` is the AWS CLI's get_shape_doc_overview of it.")
    print()
    print("use super::{Kind, Member};")
    print()
    print("\n".join(writer.structures[name] for name in writer.order))
    for side in ("input", "output"):
        print("/// The %s shape of the operation with this API name." % side)
        print("pub fn %s(operation: &str) -> Option<&'static [Member]> {" % side)
        print("    Some(match operation {")
        for operation in OPERATIONS:
            print("        %s => %s_%s," % (rust_str(operation), const_name(operation), side.upper()))
        print("        _ => return None,")
        print("    })")
        print("}")
        if side == "input":
            print()


main()
