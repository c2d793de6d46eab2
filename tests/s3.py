"""moto's S3 server mode for the tests: a real HTTP server speaking the S3 protocol on the
loopback, which the product reaches through django-storages and boto3 exactly as it would a
bucket of AWS, MinIO or Ceph (child processes such as gunicorn included)."""

import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass

import boto3
from botocore.config import Config

ACCESS_KEY, SECRET_KEY, REGION = "testing-access-key", "testing-secret-key", "us-east-1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Bucket:
    server: "MotoServer"
    name: str

    def names(self) -> list[str]:
        listing = self.server.client().list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.server.client().get_object(Bucket=self.name, Key=key)["Body"].read()

    def storage_settings(self) -> dict:
        """STORAGES["default"] as settings.py builds it from the environment."""
        return {
            "BACKEND": "expo.storage.PrivateS3Storage",
            "OPTIONS": {
                "bucket_name": self.name,
                "endpoint_url": self.server.endpoint,
                "region_name": REGION,
                "addressing_style": "path",
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
            },
        }

    def environment(self) -> dict[str, str]:
        """The environment variables of the README that point a process at this bucket."""
        return {
            "AWS_STORAGE_BUCKET_NAME": self.name,
            "AWS_S3_ENDPOINT_URL": self.server.endpoint,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_S3_ADDRESSING_STYLE": "path",
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }


class MotoServer:
    def __init__(self, process: subprocess.Popen, endpoint: str):
        self.process, self.endpoint = process, endpoint

    @classmethod
    def start(cls, timeout: float = 30) -> "MotoServer":
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            env={**os.environ, "MOTO_ALLOW_NONEXISTENT_REGION": "false"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        server = cls(process, f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"moto's server exited with {process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    server.stop()
                    raise RuntimeError("moto's server did not start") from None
                time.sleep(0.1)
        return server

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            config=Config(s3={"addressing_style": "path"}),
        )

    def create_bucket(self) -> Bucket:
        name = f"expo-test-{uuid.uuid4().hex[:16]}"
        self.client().create_bucket(Bucket=name)
        return Bucket(self, name)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
