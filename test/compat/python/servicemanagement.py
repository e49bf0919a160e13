# The legacy classic client azure.servicemanagement (Debian python3-azure) against a real Takt: the 12
# methods of SchedulerManagementService and the two operation-status methods it inherits. Takes
# {"url", "subscriptionId", "clientPem", "caCertPath", "sinkUrl", "labelled"} as JSON in argv[1];
# writes one JSON object to the file in argv[2]: "steps" (step name -> result, or {"error": …} for a step that raised)
# and "wire" (method, path, status and, for XML answers, the body of every request the client sent).
# The checks are made by test/compat/python-servicemanagement.test.ts.
import datetime
import json
import sys

import requests
from azure.servicemanagement._http import HTTPError
from azure.servicemanagement.schedulermanagementservice import SchedulerManagementService

cfg = json.loads(sys.argv[1])
steps = {}
wire = []


def step(name, fn):
    try:
        steps[name] = fn()
    except Exception as e:  # recorded, and the other steps still run
        steps[name] = {"error": type(e).__name__, "status": getattr(e, "status_code", None),
                       "message": str(e)}


def record(request, next_filter):
    """A filter of the SDK's own (with_filter): sees every request and answer."""
    entry = {"method": request.method, "path": request.path.split("?")[0], "query": request.query,
             "x_ms_version": dict(request.headers).get("x-ms-version")}
    wire.append(entry)
    try:
        response = next_filter(request)
    except HTTPError as e:
        entry["status"] = e.status
        raise
    entry["status"] = response.status
    if response.body and response.body.lstrip().startswith(b"<"):
        entry["body"] = response.body.decode()
    return response


def operation(r):
    return {"request_id": r.request_id}


def status(s):
    return {"id": s.id, "status": s.status, "http_status_code": s.http_status_code,
            "error_code": s.error.code if s.error else None}


def resource(r):
    settings = r.intrinsic_settings
    return {"name": r.name, "type": r.type, "state": r.state, "schema_version": r.schema_version,
            "e_tag": r.e_tag, "resource_provider_namespace": r.resource_provider_namespace,
            "plan": settings.plan if settings else None,
            "max_job_count": settings.quota.max_job_count if settings and settings.quota else None}


def cloud_service(c):
    return {"name": c.name, "label": c.label, "description": c.description,
            "geo_region": c.geo_region, "resources": [resource(r) for r in c.resources]}


# The SDK builds https://<host><path>, so the host carries Takt's port. A requests session sends the
# combined certificate+key PEM and trusts Takt's CA (the SDK's documented way to pass a session).
session = requests.Session()
session.cert = cfg["clientPem"]
session.verify = cfg["caCertPath"]
# requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE from the environment win over session.verify.
session.trust_env = False
host = cfg["url"].split("://", 1)[1]
sms = SchedulerManagementService(cfg["subscriptionId"], host=host, request_session=session).with_filter(record)
quiet = {"progress_callback": None, "success_callback": None, "failure_callback": None}


def wait(name, timeout=20):
    """wait_for_operation_status on the request id a step returned (Takt needs no 5 s between polls)."""
    return status(sms.wait_for_operation_status(steps[name]["request_id"], timeout=timeout,
                                                sleep_interval=0.05, **quiet))


CS = "py-cs"
step("create_cloud_service", lambda: operation(
    sms.create_cloud_service(CS, "Python jobs", "made by azure.servicemanagement", "West Europe")))
step("create_cloud_service_status", lambda: status(
    sms.get_operation_status(steps["create_cloud_service"]["request_id"])))
step("check_job_collection_name_free", lambda: sms.check_job_collection_name(CS, "py-jc").result)
step("create_job_collection", lambda: operation(sms.create_job_collection(CS, "py-jc")))
step("create_job_collection_status", lambda: wait("create_job_collection"))
step("check_job_collection_name_taken", lambda: sms.check_job_collection_name(CS, "PY-JC").result)
step("create_job_collection_free", lambda: operation(sms.create_job_collection(CS, "py-free", plan="Free")))
step("get_job_collection", lambda: resource(sms.get_job_collection(CS, "py-jc")))
step("get_job_collection_free", lambda: resource(sms.get_job_collection(CS, "py-free")))
step("get_cloud_service", lambda: cloud_service(sms.get_cloud_service(CS)))
# A cloud service the test made beforehand, whose collection has a <Label> inside its <Resource>.
step("get_cloud_service_labelled", lambda: cloud_service(sms.get_cloud_service(cfg["labelled"])))
step("list_cloud_services", lambda: [cloud_service(c) for c in sms.list_cloud_services()])

start = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=30)).replace(microsecond=0)
job = {
    "startTime": start.isoformat().replace("+00:00", "Z"),
    "action": {"type": "http",
               "request": {"uri": cfg["sinkUrl"], "method": "POST", "body": "from python",
                           "headers": {"Content-Type": "text/plain"}},
               "retryPolicy": {"retryType": "fixed", "retryInterval": "PT30S", "retryCount": 2}},
    "recurrence": {"frequency": "day", "interval": 1, "schedule": {"hours": [9], "minutes": [30]}},
}
step("create_job", lambda: operation(sms.create_job(CS, "py-jc", "py-job", job)))
step("create_job_status", lambda: status(sms.get_operation_status(steps["create_job"]["request_id"])))
step("create_job_disabled", lambda: operation(sms.create_job(CS, "py-jc", "py-job-2", {
    "action": {"type": "http", "request": {"uri": cfg["sinkUrl"], "method": "GET"}}, "state": "disabled"})))
step("get_job", lambda: sms.get_job(CS, "py-jc", "py-job"))
step("get_all_jobs", lambda: sms.get_all_jobs(CS, "py-jc"))
step("delete_job", lambda: operation(sms.delete_job(CS, "py-jc", "py-job-2")))
step("delete_job_status", lambda: status(sms.get_operation_status(steps["delete_job"]["request_id"])))
step("get_deleted_job", lambda: sms.get_job(CS, "py-jc", "py-job-2"))
step("get_all_jobs_after_delete", lambda: [j["id"] for j in sms.get_all_jobs(CS, "py-jc")])
step("delete_job_collection", lambda: operation(sms.delete_job_collection(CS, "py-free")))
step("delete_job_collection_status", lambda: wait("delete_job_collection"))
step("get_deleted_job_collection", lambda: resource(sms.get_job_collection(CS, "py-free")))
# py-cs still holds py-jc and its job: the delete cascades (202 and an operation to poll).
step("delete_cloud_service", lambda: operation(sms.delete_cloud_service(CS)))
step("delete_cloud_service_status", lambda: wait("delete_cloud_service"))
step("get_deleted_cloud_service", lambda: cloud_service(sms.get_cloud_service(CS)))
step("list_cloud_services_after_delete", lambda: [c.name for c in sms.list_cloud_services()])
step("unknown_operation_status", lambda: status(sms.get_operation_status("0" * 32)))

with open(sys.argv[2], "w") as f:
    json.dump({"steps": steps, "wire": wire}, f, indent=1, default=str)
