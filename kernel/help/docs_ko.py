"""Shift+Tab 도움말 (한국어): Dockerfile 인스트럭션과 docker 명령어의 짧은 설명.

Keys are those of `docs_en`; the examples are shared and live there.
"""

INSTRUCTIONS = {
    "FROM": "베이스 이미지에서 빌드 단계를 시작합니다. 모든 Dockerfile은 FROM으로 시작합니다. "
            "`AS 이름`으로 단계에 이름을 붙이면 뒤에서 `COPY --from=이름`으로 그 단계의 파일을 가져올 수 있습니다.",
    "RUN": "이미지를 빌드하는 동안 명령을 실행하고, 그 결과(파일 변경)를 새 레이어로 저장합니다. "
           "컨테이너가 시작될 때가 아니라 빌드할 때 실행됩니다(시작할 때 실행되는 것은 CMD).",
    "CMD": "이미지로 컨테이너를 시작할 때 실행할 기본 명령입니다. `docker run 이미지 명령`으로 바꿀 수 있습니다. "
           "JSON(exec) 형식을 권장하며, 마지막 CMD만 적용됩니다.",
    "LABEL": "이미지에 key=value 형식의 메타데이터를 붙입니다(`docker image inspect`에서 보입니다).",
    "MAINTAINER": "더 이상 권장되지 않음: 이미지 작성자를 적습니다. "
                  "`LABEL org.opencontainers.image.authors=...`를 쓰세요.",
    "EXPOSE": "컨테이너가 듣는 포트를 문서로 남깁니다. 포트를 실제로 열지는 않습니다: "
              "`docker run -p 3000:80`이 호스트 포트와 연결합니다.",
    "ENV": "환경 변수를 설정합니다. 이후의 인스트럭션과 이 이미지로 만든 모든 컨테이너에 적용됩니다.",
    "ADD": "COPY처럼 파일을 이미지로 복사하고, 로컬 tar 압축 파일은 풀어 주며 URL도 받을 수 있습니다. "
           "그 기능이 필요 없다면 COPY를 쓰세요.",
    "COPY": "빌드 컨텍스트(또는 --from으로 다른 단계나 이미지)의 파일을 이미지로 복사합니다. "
            "캐시 키는 파일의 내용이라서, 파일이 바뀌면 이 단계와 그 뒤의 모든 단계가 다시 실행됩니다.",
    "ENTRYPOINT": "컨테이너가 실행할 프로그램입니다. CMD(또는 `docker run 이미지 ...`의 인자)가 그 인자가 됩니다.",
    "VOLUME": "디렉터리를 마운트 지점으로 표시합니다. 컨테이너마다 그곳에 익명 볼륨이 생겨서, "
              "거기에 쓴 데이터는 컨테이너의 쓰기 레이어와 달리 컨테이너가 지워져도 남습니다.",
    "USER": "이후의 RUN과 컨테이너가 실행될 사용자(와 그룹)를 정합니다.",
    "WORKDIR": "이후의 인스트럭션과 컨테이너의 작업 디렉터리를 정하고, 없으면 만듭니다. "
               "COPY와 RUN의 상대 경로는 여기서 시작합니다.",
    "ARG": "빌드 인자를 선언합니다. `docker build --build-arg 이름=값`으로 값을 줍니다. "
           "빌드하는 동안에만 존재하며, FROM 앞의 ARG는 FROM에서 쓸 수 있습니다.",
    "ONBUILD": "이미지에 저장해 두었다가, 다른 Dockerfile이 이 이미지를 FROM으로 빌드할 때 실행할 인스트럭션입니다.",
    "STOPSIGNAL": "`docker stop`이 컨테이너의 메인 프로세스에 보내는 시그널입니다(기본값 SIGTERM).",
    "HEALTHCHECK": "도커가 컨테이너 안에서 주기적으로 실행해 정상인지 확인하는 명령입니다(`docker ps`에 표시). "
                   "`HEALTHCHECK NONE`은 물려받은 헬스체크를 끕니다.",
    "SHELL": "RUN, CMD, ENTRYPOINT의 셸 형식이 쓰는 셸을 정합니다(기본값 [\"/bin/sh\", \"-c\"]).",
}

COMMANDS = {
    "container": "컨테이너 관련 명령: 컨테이너는 이미지의 실행 중인(또는 멈춘) 인스턴스입니다.",
    "container run": "이미지로 컨테이너를 만들고 시작합니다: (필요하면) pull + create + start. "
                     "-d는 백그라운드 실행, -it는 키보드 입력 연결, --rm은 종료 시 자동 삭제, "
                     "-p는 포트 공개, -v는 볼륨 마운트, --name은 이름 지정입니다.",
    "container create": "이미지로 컨테이너를 만들기만 하고 시작하지는 않습니다(시작은 `docker start`).",
    "container start": "멈춘 컨테이너를 시작합니다. -a는 출력을, -i는 입력까지 연결합니다.",
    "container stop": "실행 중인 컨테이너를 멈춥니다: 메인 프로세스에 SIGTERM을 보내고, "
                      "10초 뒤에도 살아 있으면 SIGKILL을 보냅니다(-t로 기다릴 시간을 바꿉니다).",
    "container restart": "컨테이너를 멈췄다가 다시 시작합니다.",
    "container kill": "실행 중인 컨테이너를 즉시 종료합니다(SIGKILL, 또는 -s로 준 시그널).",
    "container pause": "`docker unpause` 전까지 컨테이너의 모든 프로세스를 얼립니다.",
    "container unpause": "일시 정지한 컨테이너의 프로세스를 다시 실행합니다.",
    "container rm": "컨테이너를 삭제합니다. 실행 중이면 -f가 필요하고, -v는 익명 볼륨도 지웁니다.",
    "container ls": "실행 중인 컨테이너 목록을 보여 줍니다. -a는 멈춘 것까지, -q는 ID만 보여 줍니다.",
    "container logs": "컨테이너가 출력한 내용을 보여 줍니다. -f는 계속 따라가며 보여 주고"
                      "(멈추려면 셀을 인터럽트), --tail N은 마지막 N줄만 보여 줍니다.",
    "container exec": "실행 중인 컨테이너 안에서 다른 명령을 실행합니다. 대화형 셸은 -it.",
    "container attach": "실행 중인 컨테이너의 메인 프로세스에 입력과 출력을 연결합니다.",
    "container inspect": "컨테이너의 전체 설정과 상태를 JSON으로 보여 줍니다. -f로 Go 템플릿을 써서 필드를 고릅니다.",
    "container cp": "컨테이너와 이 컴퓨터 사이에 파일을 복사합니다(양방향).",
    "container diff": "이미지와 비교해 컨테이너에서 추가(A), 변경(C), 삭제(D)된 파일을 보여 줍니다.",
    "container commit": "컨테이너의 현재 파일(이미지 위의 쓰기 레이어)로 새 이미지를 만듭니다.",
    "container export": "컨테이너의 파일 시스템 전체를 tar 파일로 씁니다.",
    "container port": "컨테이너의 포트가 호스트의 어느 포트로 공개되었는지 보여 줍니다.",
    "container rename": "컨테이너의 이름을 바꿉니다.",
    "container top": "컨테이너 안에서 실행 중인 프로세스를 보여 줍니다.",
    "container stats": "컨테이너의 CPU, 메모리, 네트워크, 디스크 사용량을 보여 줍니다.",
    "container wait": "컨테이너가 멈출 때까지 기다렸다가 종료 코드를 출력합니다.",
    "container prune": "멈춘 컨테이너를 모두 삭제합니다.",
    "container update": "컨테이너의 자원 제한이나 재시작 정책을 바꿉니다.",
    "image": "이미지 관련 명령: 이미지는 컨테이너의 바탕이 되는 읽기 전용 템플릿이며 레이어로 이루어집니다.",
    "image build": "Dockerfile과 컨텍스트 폴더로 이미지를 빌드합니다. 인스트럭션마다 레이어가 생기고, "
                   "바뀌지 않은 단계는 캐시를 씁니다(` ---> Using cache`). -t는 이미지 이름, "
                   "-f는 다른 Dockerfile을 지정합니다.",
    "image ls": "이미지 목록(저장소, 태그, ID, 만든 시각, 크기)을 보여 줍니다.",
    "image history": "이미지의 레이어와 각 레이어를 만든 인스트럭션, 크기를 보여 줍니다.",
    "image inspect": "이미지의 설정(Cmd, Env, WorkingDir, 레이어)을 JSON으로 보여 줍니다.",
    "image tag": "이미지에 다른 이름[:태그]를 붙입니다. 두 이름은 같은 이미지 ID를 가리킵니다.",
    "image rm": "이미지 이름을 지우고, 이름도 쓰는 컨테이너도 남지 않으면 이미지도 지웁니다.",
    "image prune": "이름 없는(dangling) 이미지를 지웁니다. -a는 컨테이너가 쓰지 않는 이미지를 모두 지웁니다.",
    "image pull": "레지스트리(이름에 다른 곳이 없으면 Docker Hub)에서 이미지를 내려받습니다.",
    "image push": "이미지를 레지스트리에 올립니다. 이름이 계정이나 레지스트리 주소로 시작해야 합니다.",
    "image save": "이미지를 모든 레이어와 함께 tar 파일로 씁니다.",
    "image load": "`docker save`로 만든 tar 파일에서 이미지를 불러옵니다.",
    "image import": "파일 시스템 tar 파일(`docker export`의 결과)로 이미지를 만듭니다.",
    "builder": "빌더 관련 명령: 빌드와 빌드 캐시.",
    "volume": "볼륨 관련 명령: 볼륨은 컨테이너 밖의 저장소라서, 데이터가 컨테이너보다 오래 남습니다.",
    "volume create": "이름 있는 볼륨을 만듭니다(`docker run -v 이름:/경로`도 처음 쓸 때 만듭니다).",
    "volume ls": "볼륨 목록을 보여 줍니다.",
    "volume inspect": "볼륨의 드라이버, 마운트 지점, 레이블을 보여 줍니다.",
    "volume rm": "어떤 컨테이너도 쓰지 않는 볼륨을 지웁니다.",
    "volume prune": "어떤 컨테이너도 쓰지 않는 볼륨을 지웁니다(-a가 없으면 익명 볼륨만).",
    "network": "네트워크 관련 명령: 같은 사용자 정의 네트워크의 컨테이너는 서로 이름으로 접속합니다.",
    "network create": "네트워크를 만듭니다(기본은 bridge).",
    "network ls": "네트워크 목록을 보여 줍니다. bridge, host, none은 항상 있습니다.",
    "network inspect": "네트워크의 서브넷과 연결된 컨테이너를 보여 줍니다.",
    "network connect": "실행 중인 컨테이너를 네트워크에 연결합니다.",
    "network disconnect": "컨테이너를 네트워크에서 분리합니다.",
    "network rm": "네트워크를 지웁니다.",
    "network prune": "어떤 컨테이너도 쓰지 않는 네트워크를 모두 지웁니다.",
    "system": "엔진 자체에 관한 명령: 디스크 사용량, 이벤트, 정보, 정리.",
    "system df": "이미지, 컨테이너, 볼륨, 빌드 캐시가 쓰는 디스크 용량을 보여 줍니다.",
    "system events": "엔진에서 일어나는 일(컨테이너 생성, 시작, 종료 등)을 실시간으로 보여 줍니다.",
    "system info": "엔진의 설정과 컨테이너, 이미지 개수를 보여 줍니다.",
    "system prune": "멈춘 컨테이너, 쓰지 않는 네트워크, 이름 없는 이미지, 빌드 캐시를 지웁니다.",
    "inspect": "도커 객체(컨테이너, 이미지, 볼륨, 네트워크)를 JSON으로 보여 줍니다.",
    "version": "docker 클라이언트와, 클라이언트가 연결된 엔진의 버전을 보여 줍니다.",
    "login": "레지스트리(기본 Docker Hub)에 로그인합니다. push하려면 필요합니다.",
    "logout": "레지스트리에서 로그아웃합니다.",
    "search": "Docker Hub에서 이미지를 찾습니다.",
    "context": "컨텍스트 관련 명령: 도커 엔진으로의 연결에 이름을 붙여 관리합니다.",
    "manifest": "이미지 매니페스트와 멀티 플랫폼 매니페스트 리스트 관련 명령.",
    "plugin": "엔진 플러그인(볼륨, 네트워크, 로그 드라이버) 관련 명령.",
    "trust": "이미지 서명과 서명 확인(Docker Content Trust) 관련 명령.",
    "checkpoint": "체크포인트(실행 중인 컨테이너의 저장된 상태, 실험 기능) 관련 명령.",
    "swarm": "Swarm 모드 관련 명령: 여러 도커 엔진이 하나의 클러스터로 서비스를 함께 실행합니다.",
    "node": "swarm을 이루는 머신(노드) 관련 명령.",
    "service": "swarm 서비스 관련 명령: swarm이 요청한 개수(replica)만큼 계속 실행해 주는 컨테이너.",
    "stack": "스택 관련 명령: compose 파일로 기술한 swarm 서비스의 묶음.",
    "secret": "swarm 시크릿 관련 명령: 서비스에 파일로 전달되는 민감한 데이터.",
    "config": "swarm config 관련 명령: 서비스에 전달되는 설정 파일.",
}

EXAMPLE_HEADING = "예"
