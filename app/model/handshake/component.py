"""WebsocketHandshake: shapes the handshake of a WebsocketClient (headers, subprotocols, Origin,
Authorization, TLS, proxy, compression, timeouts, keepalive). Beyond Resonite: Resonite's
WebsocketClient has none of these (README, "The handshake component")."""

from __future__ import annotations

from app.model.fields.scalar import BoolType, FloatType, StringType
from app.model.handshake.fields import (
    AuthorizationType,
    FilePathType,
    HeaderPairsType,
    HeaderTextType,
    KeepaliveType,
    ProxyType,
    SubprotocolsType,
)
from app.model.tree.component import Component, FieldSpec, register_component_type

HANDSHAKE_FIELDS = (
    "Headers",
    "Subprotocols",
    "Origin",
    "Authorization",
    "TLSVerify",
    "CAFile",
    "ClientCert",
    "ClientKey",
    "Proxy",
    "Compression",
    "HandshakeTimeout",
    "KeepaliveInterval",
    "KeepaliveTimeout",
)


class WebsocketHandshake(Component):
    TYPE_NAME = "WebsocketHandshake"
    CATEGORY = "Network"
    BEYOND_RESONITE = True
    FIELDS = (
        *Component.FIELDS,
        FieldSpec("Client", StringType(), ""),  # a slot path; "" = the WebsocketClient on this slot
        FieldSpec("Headers", HeaderPairsType(), ()),
        FieldSpec("Subprotocols", SubprotocolsType(), ()),
        FieldSpec("Origin", HeaderTextType(), ""),
        FieldSpec("Authorization", AuthorizationType(), "", secret=True),
        FieldSpec("TLSVerify", BoolType(), True, warning=(False, "off: any certificate is accepted")),
        FieldSpec("CAFile", FilePathType(), ""),
        FieldSpec("ClientCert", FilePathType(), ""),
        FieldSpec("ClientKey", FilePathType(), ""),
        FieldSpec("Proxy", ProxyType(), ""),
        FieldSpec("Compression", BoolType(), False),
        FieldSpec("HandshakeTimeout", FloatType(minimum=0.1, unit="seconds"), 10.0),
        FieldSpec("KeepaliveInterval", KeepaliveType(), 0.0),
        FieldSpec("KeepaliveTimeout", FloatType(minimum=0.1, unit="seconds"), 20.0),
    )


register_component_type(WebsocketHandshake)
