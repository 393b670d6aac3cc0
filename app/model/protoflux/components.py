"""The ProtoFlux components: the common wirings of Resonite's WebsocketClient nodes, as components
the app runs (README, "Behaviours"). These only hold settings; app/net/protoflux does the work."""

from __future__ import annotations

from typing import Any, ClassVar

from app.model.fields.hex_bytes import parse_hex
from app.model.fields.scalar import BoolType, FieldError, FloatType, StringType
from app.model.protoflux.fields import MessagesType, PatternType, TemplateType, check_groups, group_names
from app.model.tree.component import Component, FieldSpec, register_component_type


class ProtoFluxComponent(Component):
    """Base of the four: Attach Component lists them under ProtoFlux; Resonite has no such component."""

    TYPE_NAME: ClassVar[str] = "ProtoFluxComponent"
    CATEGORY = "ProtoFlux"
    BEYOND_RESONITE = True
    FIELDS = (*Component.FIELDS, FieldSpec("Client", StringType(), "", hint="empty: the WebsocketClient on this slot"))


class _SendsData(ProtoFluxComponent):
    """Data is a template, or hex bytes when Binary is on."""

    FIELDS = (
        *ProtoFluxComponent.FIELDS,
        FieldSpec("Data", TemplateType(), ""),
        FieldSpec("Binary", BoolType(), False),
    )

    def check(self, name: str, value: Any) -> None:
        try:
            if name == "Binary" and value:
                parse_hex(self["Data"])
            elif name == "Data" and self["Binary"]:
                parse_hex(value)
        except FieldError as exc:
            raise FieldError(f"Binary is on, so Data must be hex: {exc}") from None


class SendOnConnect(_SendsData):
    """OnConnected → (Delay) → WebsocketTextMessageSender, after every (re)connect."""

    TYPE_NAME = "SendOnConnect"
    FIELDS = (*_SendsData.FIELDS, FieldSpec("Delay", FloatType(minimum=0.0, unit="seconds"), 0.0))


class SendPeriodically(_SendsData):
    """A timer driving WebsocketTextMessageSender while the client is connected."""

    TYPE_NAME = "SendPeriodically"
    FIELDS = (*_SendsData.FIELDS, FieldSpec("Interval", FloatType(minimum=0.1, unit="seconds"), 5.0))


class ReplyOnMatch(ProtoFluxComponent):
    """OnReceived → a regular expression → WebsocketTextMessageSender with the match's groups."""

    TYPE_NAME = "ReplyOnMatch"
    FIELDS = (
        *ProtoFluxComponent.FIELDS,
        FieldSpec("Pattern", PatternType(), "", hint="a regular expression; empty matches nothing"),
        FieldSpec("Reply", TemplateType(groups=True), ""),
    )

    def check(self, name: str, value: Any) -> None:
        if name == "Reply":
            check_groups(value, group_names(self["Pattern"]))
        elif name == "Pattern":
            try:
                check_groups(self["Reply"], group_names(value))
            except FieldError as exc:
                raise FieldError(f"the Reply would break ({exc}); change the Reply first") from None


class SavedMessages(ProtoFluxComponent):
    """Named messages, sent by hand from the send bar's picker."""

    TYPE_NAME = "SavedMessages"
    FIELDS = (*ProtoFluxComponent.FIELDS, FieldSpec("Messages", MessagesType(), ()))


for _type in (SendOnConnect, SendPeriodically, ReplyOnMatch, SavedMessages):
    register_component_type(_type)
